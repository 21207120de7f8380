"""/v3/users, and a user's own password change."""
import falcon

from onestack.common import exceptions
from onestack.db import identity as db
from onestack.db.models import utcnow
from onestack.identity import authenticate, crud, tokens, views
from onestack.identity.base import (DESCRIPTION, ENABLED, ID, Resource,
                                    body_of, domain_for_create)

_FIELDS = {"name": {"type": "string", "minLength": 1, "maxLength": 255},
           "description": DESCRIPTION, "enabled": ENABLED, "domain_id": ID,
           "password": {"type": ["string", "null"], "maxLength": 4096},
           "email": {"type": ["string", "null"], "maxLength": 255},
           "default_project_id": {"type": ["string", "null"]},
           "options": {"type": "object"}}


def _values(conf, body):
    values = {k: body[k] for k in ("name", "description", "enabled", "email",
                                   "default_project_id") if k in body}
    if values.get("description") is None:
        values.pop("description", None)
    if values.get("default_project_id"):
        try:
            db.get("project", values["default_project_id"])
        except exceptions.NotFound as exc:
            raise exceptions.ValidationError(exc.message)
    if body.get("password") is not None:
        values["password_hash"] = authenticate.hash_password(conf, body["password"])
        values["password_changed_at"] = utcnow()
    return values


def _prepare_create(conf, req, body):
    domain_id = domain_for_create(conf, req, body)
    try:
        db.get("domain", domain_id)
    except exceptions.NotFound as exc:
        raise exceptions.ValidationError(exc.message)
    return {"domain_id": domain_id, **_values(conf, body)}


def _prepare_update(conf, req, row, body):
    if "domain_id" in body and body["domain_id"] != row.domain_id:
        raise exceptions.ValidationError("A user cannot move to another domain.")
    return _values(conf, body)


def _after_update(conf, row, body):
    if body.get("enabled") is False or body.get("password") is not None:
        tokens.revoke_user(conf, row.id)


KIND = crud.Kind(
    name="user", plural="users", view=views.user,
    create_schema={"type": "object", "required": ["name"], "properties": _FIELDS},
    update_schema={"type": "object", "properties": _FIELDS, "minProperties": 1},
    filters=("name", "domain_id"), bool_filters=("enabled",), in_domain=True,
    prepare_create=_prepare_create, prepare_update=_prepare_update,
    after_update=_after_update,
    before_delete=lambda conf, row: tokens.revoke_user(conf, row.id))

PASSWORD_SCHEMA = {"type": "object", "required": ["password", "original_password"],
                   "properties": {"password": {"type": "string", "minLength": 1},
                                  "original_password": {"type": "string"}}}


class UserPassword(Resource):
    """POST /v3/users/{id}/password: a user changes their own password."""

    def on_post(self, req, resp, user_id):
        user = db.get("user", user_id)
        self.authorize(req, "change_password", **{"target.user.id": user_id})
        body = body_of(req, "user", PASSWORD_SCHEMA)
        if not authenticate.check_password(user, body["original_password"]):
            raise exceptions.NotAuthenticated("Invalid original password.")
        db.update("user", user_id, **_values(self.conf, {"password": body["password"]}))
        tokens.revoke_user(self.conf, user_id)
        resp.status = falcon.HTTP_204


ROUTES = crud.routes("/v3/users", KIND) + (
    ("/v3/users/{user_id}/password", UserPassword),)
