"""/v2/images/{image_id}/members[/{member_id}]: share an image with projects."""
import falcon

from onestack.common import exceptions
from onestack.image import membership
from onestack.image.v2.base import Resource, json_object


class Members(Resource):
    def on_get(self, req, resp, image_id):
        members = membership.list_members(self.conf, req.context.ctx, image_id)
        resp.media = {"members": members, "schema": "/v2/schemas/members"}

    def on_post(self, req, resp, image_id):
        body = json_object(req)
        if "member" not in body:
            raise exceptions.BadRequest("Member to be added not specified")
        resp.media = membership.add_member(self.conf, req.context.ctx, image_id,
                                           body["member"])


class Member(Resource):
    def on_get(self, req, resp, image_id, member_id):
        resp.media = membership.get_member(self.conf, req.context.ctx, image_id,
                                           member_id)

    def on_put(self, req, resp, image_id, member_id):
        body = json_object(req)
        if "status" not in body:
            raise exceptions.BadRequest("Status not specified")
        resp.media = membership.update_member(self.conf, req.context.ctx, image_id,
                                              member_id, body["status"])

    def on_delete(self, req, resp, image_id, member_id):
        membership.delete_member(self.conf, req.context.ctx, image_id, member_id)
        resp.status = falcon.HTTP_204


ROUTES = (
    ("/v2/images/{image_id}/members", Members),
    ("/v2/images/{image_id}/members/{member_id}", Member),
)
