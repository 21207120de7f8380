"""Token validation for every API but identity's public parts.

Validation happens in process against the identity store: no HTTP round trip.
Resources that need no token say so with `auth_required = False`, or list
the methods that need none in `public_methods`.
"""
from onestack import policy
from onestack.common import exceptions
from onestack.identity import tokens


class AuthMiddleware:
    def __init__(self, conf, www_authenticate_uri: str):
        self.conf = conf
        self.challenge = f'Keystone uri="{www_authenticate_uri}"'

    def process_resource(self, req, resp, resource, params):
        if resource is None or not getattr(resource, "auth_required", True):
            return
        if req.method in getattr(resource, "public_methods", ()):
            return
        token = req.get_header("X-Auth-Token")
        if not token:
            raise exceptions.NotAuthenticated(
                "The request you have made requires authentication.",
                headers={"WWW-Authenticate": self.challenge})
        try:
            ctx = tokens.context_from_token(self.conf, token, req.context.request_id)
        except exceptions.NotAuthenticated as exc:
            exc.headers["WWW-Authenticate"] = self.challenge
            raise
        ctx.is_admin = policy.is_admin(self.conf, ctx)
        ctx.global_request_id = req.context.global_request_id
        ctx.update_store()  # so that what is logged for the request names its caller
        req.context.ctx = ctx
