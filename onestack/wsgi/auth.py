"""Token validation for every API but identity's public parts.

Validation happens in process against the identity store: no HTTP round trip.
Resources that need no token say so with `auth_required = False`, or list
the methods that need none in `public_methods`.

The compute and image APIs serve a project's resources only: as Nova's and
Glance's policies refuse a token without a project, they answer 403 to an
unscoped or domain-scoped token before anything looks at the request.
"""
from onestack import policy
from onestack.common import exceptions
from onestack.identity import tokens


class AuthMiddleware:
    def __init__(self, conf, www_authenticate_uri: str, project_scoped: bool = False):
        self.conf = conf
        self.challenge = f'Keystone uri="{www_authenticate_uri}"'
        self.project_scoped = project_scoped

    def process_resource(self, req, resp, resource, params):
        if resource is None or not getattr(resource, "auth_required", True):
            return
        if req.method in getattr(resource, "public_methods", ()):
            return
        token = _single_token(req)
        if not token:
            raise exceptions.NotAuthenticated(
                "The request you have made requires authentication.",
                headers={"WWW-Authenticate": self.challenge})
        try:
            ctx = tokens.context_from_token(self.conf, token, req.context.request_id)
        except exceptions.NotAuthenticated as exc:
            exc.headers["WWW-Authenticate"] = self.challenge
            raise
        if self.project_scoped and not ctx.project_id:
            raise exceptions.Forbidden("This service needs a token scoped to a "
                                       "project; this one is not.")
        ctx.is_admin = policy.is_admin(self.conf, ctx)
        ctx.global_request_id = req.context.global_request_id
        ctx.update_store()  # so that what is logged for the request names its caller
        req.context.ctx = ctx


def _single_token(req) -> str | None:
    """The X-Auth-Token, refused (400) when the request sends several: WSGI
    servers join repeated headers with commas, which no token contains."""
    token = req.get_header("X-Auth-Token")
    if token and "," in token:
        raise exceptions.BadRequest("The request has more than one X-Auth-Token "
                                    "header; send exactly one.")
    return token
