"""Identity v2.0: tokens and tenants, as older clients (and the seed) use them."""
import falcon

from onestack import policy
from onestack.common import exceptions
from onestack.db import identity as db
from onestack.identity import authenticate, token_views, tokens, views
from onestack.identity.base import body_of

AUTH_SCHEMA = {
    "type": "object",
    "properties": {
        "tenantName": {"type": "string"},
        "tenantId": {"type": "string"},
        "passwordCredentials": {"type": "object", "properties": {
            "username": {"type": "string"}, "userId": {"type": "string"},
            "password": {"type": "string"}}, "required": ["password"]},
        "token": {"type": "object", "required": ["id"],
                  "properties": {"id": {"type": "string"}}},
    },
}


class Tokens:
    auth_required = False

    def __init__(self, conf):
        self.conf = conf

    def on_post(self, req, resp):
        auth = body_of(req, "auth", AUTH_SCHEMA)
        token = authenticate.issue_v2(self.conf, auth)
        resp.media = token_views.v2(token)


class Token:
    """GET/HEAD/DELETE /v2.0/tokens/{token_id}: admin validation."""

    def __init__(self, conf):
        self.conf = conf

    def _token(self, req, token_id):
        policy.authorize(self.conf, req.context.ctx, "identity:validate_token",
                         {"target.token.user_id": None})
        try:
            token = tokens.validate(self.conf, token_id)
        except exceptions.NotAuthenticated:
            raise exceptions.NotFound("Could not find token.")
        belongs_to = req.get_param("belongsTo")
        if belongs_to and (token.project is None or token.project.id != belongs_to):
            raise exceptions.NotFound("The token does not belong to that tenant.")
        return token

    def on_get(self, req, resp, token_id):
        resp.media = token_views.v2(self._token(req, token_id))

    def on_head(self, req, resp, token_id):
        self._token(req, token_id)
        resp.status = falcon.HTTP_200

    def on_delete(self, req, resp, token_id):
        tokens.revoke(self.conf, self._token(req, token_id))
        resp.status = falcon.HTTP_204


class Tenants:
    """GET /v2.0/tenants: the tenants the token's user has a role on."""

    def __init__(self, conf):
        self.conf = conf

    def on_get(self, req, resp):
        projects = [p for p in db.projects_of(req.context.ctx.user_id) if p.enabled]
        resp.media = {"tenants": [views.v2_tenant(p) for p in projects],
                      "tenants_links": []}


ROUTES = (
    ("/v2.0/tokens", Tokens),
    ("/v2.0/tokens/{token_id}", Token),
    ("/v2.0/tenants", Tenants),
)
