"""GET /v2/images/{image_id}/tasks (Glance 2.12): the image's import tasks.

Images here are uploaded directly; there is no import API, so no image has
tasks and the list is empty for every image the caller may see. Tempest and
other clients poll it after a snapshot to know that no import is pending.
"""
from onestack.image import api
from onestack.image.v2.base import Resource


class ImageTasks(Resource):
    def on_get(self, req, resp, image_id):
        api.get_image(self.conf, req.context.ctx, image_id)  # 404 unless visible
        resp.media = {"tasks": []}


ROUTES = (("/v2/images/{image_id}/tasks", ImageTasks),)
