"""/v2/images/{image_id}/file: upload (PUT) and streamed download (GET)."""
import falcon

from onestack.common import exceptions
from onestack.image import transfer
from onestack.image.v2.base import Resource, header_int


def _check_media_type(req) -> None:
    media_type = (req.content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/octet-stream":
        raise exceptions.UnsupportedMediaType(
            "Image data must be sent as application/octet-stream, not "
            f"{media_type or 'a body without Content-Type'}.")


class ImageData(Resource):
    def on_put(self, req, resp, image_id):
        _check_media_type(req)
        transfer.upload_image(
            self.conf, req.context.ctx, image_id, req.bounded_stream,
            body_length=req.content_length,
            announced_size=header_int(req, "X-Openstack-Image-Size"))
        resp.status = falcon.HTTP_204

    def on_get(self, req, resp, image_id):
        download = transfer.open_download(self.conf, req.context.ctx, image_id,
                                          req.get_header("Range"))
        if download is None:
            resp.status = falcon.HTTP_204
            return
        resp.content_type = "application/octet-stream"
        resp.stream = download.chunks
        resp.content_length = download.length
        if download.partial:
            resp.status = falcon.HTTP_206
            resp.set_header("Content-Range", f"bytes {download.start}-{download.end}/"
                                             f"{download.total}")
        elif download.checksum:
            resp.set_header("Content-MD5", download.checksum)


ROUTES = (("/v2/images/{image_id}/file", ImageData),)
# The server reads these bodies whole, chunked or not, before a worker runs
# on_put (spooled to a temporary file), up to [image] image_size_cap; all
# other bodies up to [oslo_middleware] max_request_body_size.
RAW_BODY_ROUTES = (("PUT", ROUTES[0][0]),)
