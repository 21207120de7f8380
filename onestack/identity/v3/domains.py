"""/v3/domains."""
from onestack.common import exceptions
from onestack.identity import crud, tokens, views
from onestack.identity.base import DESCRIPTION, ENABLED, NAME

_FIELDS = {"name": NAME, "description": DESCRIPTION, "enabled": ENABLED}


def _pick(body):
    return {k: v for k, v in body.items() if k in _FIELDS and v is not None}


def _before_delete(conf, row):
    if row.enabled:
        raise exceptions.Forbidden("Cannot delete a domain that is enabled; "
                                   "disable it first.")


def _after_update(conf, row, body):
    if body.get("enabled") is False:
        for user in crud.db.list_("user", domain_id=row.id):
            tokens.revoke_user(conf, user.id)


KIND = crud.Kind(
    name="domain", plural="domains", view=views.domain,
    create_schema={"type": "object", "required": ["name"], "properties": _FIELDS},
    update_schema={"type": "object", "properties": _FIELDS, "minProperties": 1},
    filters=("name",), bool_filters=("enabled",),
    prepare_create=lambda conf, req, body: _pick(body),
    prepare_update=lambda conf, req, row, body: _pick(body),
    after_update=_after_update, before_delete=_before_delete)

ROUTES = crud.routes("/v3/domains", KIND)
