"""/v2/images/{image_id}/tags/{tag}: add (PUT) and remove (DELETE) one tag."""
import falcon

from onestack.image import api
from onestack.image.v2.base import Resource


class ImageTag(Resource):
    def on_put(self, req, resp, image_id, tag):
        api.add_tag(self.conf, req.context.ctx, image_id, tag)
        resp.status = falcon.HTTP_204

    def on_delete(self, req, resp, image_id, tag):
        api.remove_tag(self.conf, req.context.ctx, image_id, tag)
        resp.status = falcon.HTTP_204


ROUTES = (("/v2/images/{image_id}/tags/{tag}", ImageTag),)
