"""The Falcon application factory every API uses."""
import falcon
from oslo_log import log as logging

from onestack.common import exceptions
from onestack.wsgi import faults
from onestack.wsgi.auth import AuthMiddleware
from onestack.wsgi.middleware import RequestLog
from onestack.wsgi.safe_text import SafeText

LOG = logging.getLogger(__name__)


def create_app(conf, api_name: str, routes, fault_style: str = "nova",
               auth_uri: str | None = None, extra_id_headers=(),
               first_middleware=(), extra_middleware=(), project_scoped=False):
    """routes: (uri template, resource) pairs. auth_uri None: no token check;
    project_scoped: refuse tokens without a project (see wsgi/auth.py).
    first_middleware runs before authentication, extra_middleware after it."""
    middleware = [RequestLog(api_name, extra_id_headers), SafeText(), *first_middleware]
    if auth_uri is not None:
        middleware.append(AuthMiddleware(conf, auth_uri, project_scoped))
    middleware.extend(extra_middleware)
    app = falcon.App(middleware=middleware, cors_enable=False)
    app.req_options.strip_url_path_trailing_slash = True
    app.req_options.auto_parse_qs_csv = False
    app.resp_options.secure_cookies_by_default = False
    for template, resource in routes:
        app.add_route(template, resource)
    add_error_handlers(app, fault_style)
    return app


def add_error_handlers(app: falcon.App, fault_style: str) -> None:
    """Every error as a fault of the API family's style: ours with their
    code, Falcon's converted, anything else a logged and counted 500."""
    fault = faults.style(fault_style)

    def render(resp, error: exceptions.OnestackError):
        resp.status = error.code
        if fault.media_type == faults.JSON:
            resp.media = fault.document(error)
        else:
            resp.content_type = fault.media_type
            resp.data = fault.encode(error)
        for name, value in error.headers.items():
            resp.set_header(name, value)

    def handle_ours(req, resp, error, params):
        if error.code >= 500:
            LOG.error("%s %s failed: %s", req.method, req.path, error.message)
        if error.code == 500:
            faults.SERVER_ERRORS.record(req.method, req.path, error.message)
        render(resp, error)

    def handle_falcon(req, resp, error, params):
        render(resp, faults.from_falcon_error(error))

    def handle_unexpected(req, resp, error, params):
        LOG.exception("Unexpected error in %s %s", req.method, req.path)
        faults.SERVER_ERRORS.record(req.method, req.path, repr(error))
        resp.text = resp.data = resp.stream = None
        render(resp, faults.unexpected(req.context.get("request_id")))

    app.add_error_handler(Exception, handle_unexpected)
    app.add_error_handler(falcon.HTTPError, handle_falcon)
    app.add_error_handler(exceptions.OnestackError, handle_ours)
