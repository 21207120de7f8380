"""Middleware every API shares: request ids and one log line a request."""
import time

from oslo_log import log as logging

from onestack.common import context as request_context
from onestack.common import exceptions

LOG = logging.getLogger(__name__)
GLOBAL_ID_HEADER = "X-OpenStack-Request-ID"


class RequestLog:
    """Gives each request an id, returns it in headers and logs the request once.

    A caller's X-OpenStack-Request-ID that is a valid request id (as
    oslo.middleware's request_id accepts it) becomes the request's global
    request id, which the services log for the work the request causes; the
    answer's X-Openstack-Request-Id stays the local id.
    """

    def __init__(self, api_name: str, extra_id_headers=()):
        self.api_name = api_name
        self.id_headers = ("X-Openstack-Request-Id",) + tuple(extra_id_headers)

    def process_request(self, req, resp):
        req.context.started = time.monotonic()
        req.context.request_id = request_context.new_request_id()
        req.context.global_request_id = request_context.valid_global_request_id(
            req.get_header(GLOBAL_ID_HEADER))
        req.context.ctx = None
        # current until the auth middleware puts the caller's context in its place
        request_context.RequestContext(
            request_id=req.context.request_id,
            global_request_id=req.context.global_request_id).update_store()

    def process_response(self, req, resp, resource, req_succeeded):
        for header in self.id_headers:
            resp.set_header(header, req.context.request_id)
        elapsed = time.monotonic() - req.context.get("started", time.monotonic())
        ctx = req.context.get("ctx")
        LOG.info('%s %s %s "%s %s" status: %s time: %.4f',
                 self.api_name, req.context.request_id,
                 ctx.user_id if ctx else "-", req.method, req.relative_uri,
                 resp.status.split(" ", 1)[0] if isinstance(resp.status, str)
                 else resp.status, elapsed)
        request_context.clear_current()


def refuse_trailing_slash(path: str) -> None:
    """A resource path that ends in a slash names no resource: `GET
    /v2/images/` is an image with an empty id, not the list. 404, as Nova and
    Glance answer; version roots such as /v2/ stay."""
    if path.endswith("/") and path.rstrip("/").count("/") >= 2:
        raise exceptions.NotFound("The resource could not be found.")


class TrailingSlashIsNotFound:
    def process_request(self, req, resp):
        refuse_trailing_slash(req.env.get("PATH_INFO", ""))
