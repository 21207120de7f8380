"""/v3/projects and /v3/users/{id}/projects."""
from onestack.common import exceptions
from onestack.db import identity as db
from onestack.identity import crud, tokens, views
from onestack.identity.base import (DESCRIPTION, ENABLED, ID, NAME, TAGS, Resource,
                                    collection, domain_for_create)

_FIELDS = {"name": NAME, "description": DESCRIPTION, "enabled": ENABLED,
           "domain_id": ID, "parent_id": {"type": ["string", "null"]},
           "is_domain": {"type": "boolean", "enum": [False]},
           "tags": TAGS, "options": {"type": "object"}}


def _prepare_create(conf, req, body):
    domain_id = domain_for_create(conf, req, body)
    parent_id = body.get("parent_id")
    try:
        db.get("domain", domain_id)
        if parent_id and parent_id != domain_id:
            parent = db.get("project", parent_id)
            if parent.domain_id != domain_id:
                raise exceptions.ValidationError(
                    "A project's parent must be in the same domain.")
    except exceptions.NotFound as exc:
        raise exceptions.ValidationError(exc.message)
    return {"name": body["name"], "domain_id": domain_id,
            "description": body.get("description") or "",
            "enabled": body.get("enabled", True),
            "parent_id": parent_id if parent_id != domain_id else None}


def _prepare_update(conf, req, row, body):
    if "domain_id" in body and body["domain_id"] != row.domain_id:
        raise exceptions.ValidationError("A project cannot move to another domain.")
    return {k: v for k, v in body.items()
            if k in ("name", "description", "enabled") and v is not None}


def _after_update(conf, row, body):
    if body.get("enabled") is False:
        tokens.revoke_project(conf, row.id)


def _before_delete(conf, row):
    if db.find("project", parent_id=row.id):
        raise exceptions.Forbidden("Cannot delete a project that has child projects.")
    tokens.revoke_project(conf, row.id)


KIND = crud.Kind(
    name="project", plural="projects", view=views.project,
    create_schema={"type": "object", "required": ["name"], "properties": _FIELDS},
    update_schema={"type": "object", "properties": _FIELDS, "minProperties": 1},
    filters=("name", "domain_id", "parent_id"), bool_filters=("enabled",),
    in_domain=True,
    prepare_create=_prepare_create, prepare_update=_prepare_update,
    after_update=_after_update, before_delete=_before_delete)


class UserProjects(Resource):
    def on_get(self, req, resp, user_id):
        user = db.get("user", user_id)
        self.authorize(req, "list_user_projects", **{
            "target.user.id": user_id, "target.user.domain_id": user.domain_id})
        projects = db.projects_of(user_id)
        resp.media = collection(req, "projects", [views.project(req, p) for p in projects])


ROUTES = crud.routes("/v3/projects", KIND) + (
    ("/v3/users/{user_id}/projects", UserProjects),)
