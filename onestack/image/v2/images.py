"""/v2/images and /v2/images/{image_id}: list, create, show, update, delete."""
import falcon

from onestack.image import api, patch, query, views
from onestack.image.v2.base import Resource, json_object
from onestack.wsgi import paging


class Images(Resource):
    def on_get(self, req, resp):
        listing = query.parse(self.conf, req.params)
        records = api.search(self.conf, req.context.ctx, listing)
        body = {"images": [views.image(record) for record in records],
                "schema": "/v2/schemas/images",
                **paging.glance_links("/v2/images", req.params,
                                      [record.id for record in records], listing.limit)}
        resp.media = body

    def on_post(self, req, resp):
        image = api.create_image(self.conf, req.context.ctx, json_object(req))
        resp.status = falcon.HTTP_201
        resp.location = image["self"]
        resp.media = image


class Image(Resource):
    def on_get(self, req, resp, image_id):
        resp.media = api.get_image(self.conf, req.context.ctx, image_id)

    def on_patch(self, req, resp, image_id):
        draft = patch.media_type(req.content_type)
        changes = patch.parse(req.bounded_stream.read(), draft)
        resp.media = api.update_image(self.conf, req.context.ctx, image_id, changes)

    def on_delete(self, req, resp, image_id):
        api.delete_image(self.conf, req.context.ctx, image_id)
        resp.status = falcon.HTTP_204


ROUTES = (
    ("/v2/images", Images),
    ("/v2/images/{image_id}", Image),
)
