"""/v2/images/{image_id}/actions/deactivate and .../reactivate."""
import falcon

from onestack.image import api
from onestack.image.v2.base import Resource


class Deactivate(Resource):
    def on_post(self, req, resp, image_id):
        api.deactivate_image(self.conf, req.context.ctx, image_id)
        resp.status = falcon.HTTP_204


class Reactivate(Resource):
    def on_post(self, req, resp, image_id):
        api.reactivate_image(self.conf, req.context.ctx, image_id)
        resp.status = falcon.HTTP_204


ROUTES = (
    ("/v2/images/{image_id}/actions/deactivate", Deactivate),
    ("/v2/images/{image_id}/actions/reactivate", Reactivate),
)
