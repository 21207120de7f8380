"""/v3/auth: tokens (issue, validate, check, revoke) and what a token may reach."""
import falcon

from onestack.common import exceptions
from onestack.db import identity as db
from onestack.identity import authenticate, catalog, token_views, tokens, views
from onestack.identity.base import Resource, body_of, collection
from onestack.wsgi import paging

_REF = {"type": "object", "properties": {
    "id": {"type": "string"}, "name": {"type": "string"},
    "domain": {"type": "object", "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}}}}}

AUTH_SCHEMA = {
    "type": "object",
    "required": ["identity"],
    "properties": {
        "identity": {
            "type": "object",
            "required": ["methods"],
            "properties": {
                "methods": {"type": "array", "minItems": 1,
                            "items": {"type": "string"}},
                "password": {"type": "object", "required": ["user"], "properties": {
                    "user": {**_REF, "required": ["password"], "properties": {
                        **_REF["properties"], "password": {"type": "string"}}}}},
                "token": {"type": "object", "required": ["id"],
                          "properties": {"id": {"type": "string"}}},
            },
        },
        "scope": {"oneOf": [
            {"type": "string", "enum": ["unscoped"]},
            {"type": "object", "properties": {
                "project": _REF, "domain": _REF, "system": {"type": "object"}}},
        ]},
    },
}


class Tokens(Resource):
    public_methods = ("POST",)

    def on_post(self, req, resp):
        auth = body_of(req, "auth", AUTH_SCHEMA)
        token = authenticate.issue_v3(self.conf, auth)
        resp.status = falcon.HTTP_201
        resp.set_header("X-Subject-Token", token.id)
        resp.media = token_views.v3(token, with_catalog=req.get_param("nocatalog") is None)

    def _subject(self, req, action):
        subject = req.get_header("X-Subject-Token")
        if not subject:
            raise exceptions.ValidationError("X-Subject-Token header is required.")
        try:
            token = tokens.validate(self.conf, subject)
        except exceptions.NotAuthenticated:
            raise exceptions.NotFound("Could not find token: the token is "
                                      "invalid, expired or revoked.")
        self.authorize(req, action, **{"target.token.user_id": token.user.id})
        return token

    def on_get(self, req, resp):
        token = self._subject(req, "validate_token")
        resp.set_header("X-Subject-Token", token.id)
        resp.media = token_views.v3(token, with_catalog=req.get_param("nocatalog") is None)

    def on_head(self, req, resp):
        token = self._subject(req, "check_token")
        resp.set_header("X-Subject-Token", token.id)
        resp.status = falcon.HTTP_200

    def on_delete(self, req, resp):
        tokens.revoke(self.conf, self._subject(req, "revoke_token"))
        resp.status = falcon.HTTP_204


class AuthCatalog(Resource):
    def on_get(self, req, resp):
        ctx = req.context.ctx
        if not ctx.project_id and not ctx.domain_id:
            raise exceptions.Forbidden("An unscoped token has no catalog.")
        body = {"catalog": catalog.for_project(ctx.project_id)}
        body["links"] = paging.keystone_links(req)
        resp.media = body


class AuthProjects(Resource):
    def on_get(self, req, resp):
        projects = [p for p in db.projects_of(req.context.ctx.user_id) if p.enabled]
        resp.media = collection(req, "projects", [views.project(req, p) for p in projects])


class AuthDomains(Resource):
    def on_get(self, req, resp):
        ids = {a.target_id for a in db.list_assignments(
            user_id=req.context.ctx.user_id, target_type="domain")}
        domains = [db.get("domain", i) for i in sorted(ids)]
        resp.media = collection(req, "domains", [views.domain(req, d) for d in domains])


ROUTES = (
    ("/v3/auth/tokens", Tokens),
    ("/v3/auth/catalog", AuthCatalog),
    ("/v3/auth/projects", AuthProjects),
    ("/v3/auth/domains", AuthDomains),
)
