"""Middleware every API shares: request ids and one log line a request."""
import time

from oslo_log import log as logging

from onestack.common import context as request_context
from onestack.common import exceptions

LOG = logging.getLogger(__name__)


class RequestLog:
    """Gives each request an id, returns it in headers and logs the request once."""

    def __init__(self, api_name: str, extra_id_headers=()):
        self.api_name = api_name
        self.id_headers = ("X-Openstack-Request-Id",) + tuple(extra_id_headers)

    def process_request(self, req, resp):
        req.context.started = time.monotonic()
        req.context.request_id = request_context.new_request_id()
        req.context.ctx = None

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


def refuse_trailing_slash(path: str) -> None:
    """A resource path that ends in a slash names no resource: `GET
    /v2/images/` is an image with an empty id, not the list. 404, as Nova and
    Glance answer; version roots such as /v2/ stay."""
    if path.endswith("/") and path.rstrip("/").count("/") >= 2:
        raise exceptions.NotFound("The resource could not be found.")


class TrailingSlashIsNotFound:
    def process_request(self, req, resp):
        refuse_trailing_slash(req.env.get("PATH_INFO", ""))
