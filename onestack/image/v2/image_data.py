"""/v2/images/{image_id}/file: streamed upload (PUT) and download (GET)."""
import falcon

from onestack.common import exceptions
from onestack.image import incoming, transfer
from onestack.image.v2.base import Resource, header_int

# bytes of a refused upload still read, so the client gets our answer
DRAIN_LIMIT = 64 << 20


def _body_stream(req):
    """The raw body, with or without a length; read in chunks, never whole."""
    if req.content_length is not None:
        return req.bounded_stream
    if "chunked" in (req.get_header("Transfer-Encoding") or "").lower():
        return req.stream
    return req.bounded_stream  # no body


def _check_media_type(req) -> None:
    media_type = (req.content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/octet-stream":
        raise exceptions.UnsupportedMediaType(
            "Image data must be sent as application/octet-stream, not "
            f"{media_type or 'a body without Content-Type'}.")


class ImageData(Resource):
    def on_put(self, req, resp, image_id):
        stream = _body_stream(req)
        try:
            _check_media_type(req)
            transfer.upload_image(
                self.conf, req.context.ctx, image_id, stream,
                body_length=req.content_length,
                announced_size=header_int(req, "X-Openstack-Image-Size"))
        except exceptions.OnestackError:
            incoming.drain(stream, DRAIN_LIMIT)
            raise
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
