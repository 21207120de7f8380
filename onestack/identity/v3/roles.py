"""/v3/roles, role grants on projects and domains, and /v3/role_assignments."""
import falcon

from onestack.common import exceptions
from onestack.db import identity as db
from onestack.identity import crud, tokens, views
from onestack.identity.base import DESCRIPTION, Resource, bool_param, url
from onestack.wsgi import paging

_FIELDS = {"name": {"type": "string", "minLength": 1, "maxLength": 255},
           "description": DESCRIPTION, "options": {"type": "object"},
           "domain_id": {"type": "null"}}


def _pick(body):
    return {k: v for k, v in body.items() if k in ("name", "description") and v is not None}


KIND = crud.Kind(
    name="role", plural="roles", view=views.role,
    create_schema={"type": "object", "required": ["name"], "properties": _FIELDS},
    update_schema={"type": "object", "properties": _FIELDS, "minProperties": 1},
    prepare_create=lambda conf, req, body: _pick(body),
    prepare_update=lambda conf, req, row, body: _pick(body))


class Grants(Resource):
    """GET /v3/{projects|domains}/{id}/users/{user_id}/roles"""

    def __init__(self, conf, target_type):
        super().__init__(conf)
        self.target_type = target_type

    def on_get(self, req, resp, user_id, **target):
        target_id = target[f"{self.target_type}_id"]
        self.authorize(req, "list_grants",
                       **grant_target(self.target_type, target_id, user_id))
        roles = db.roles_of(user_id, self.target_type, target_id)
        resp.media = {"roles": [views.role(req, r) for r in roles],
                      "links": paging.keystone_links(req)}


class Grant(Resource):
    """PUT, HEAD, GET, DELETE /v3/{projects|domains}/{id}/users/{user_id}/roles/{role_id}"""

    def __init__(self, conf, target_type):
        super().__init__(conf)
        self.target_type = target_type

    def _check(self, req, action, target_id, user_id, role_id):
        target = grant_target(self.target_type, target_id, user_id)
        target["target.role.name"] = db.get("role", role_id).name
        self.authorize(req, action, **target)

    def on_put(self, req, resp, user_id, role_id, **target):
        target_id = target[f"{self.target_type}_id"]
        self._check(req, "create_grant", target_id, user_id, role_id)
        db.add_role(user_id, self.target_type, target_id, role_id)
        resp.status = falcon.HTTP_204

    def on_head(self, req, resp, user_id, role_id, **target):
        target_id = target[f"{self.target_type}_id"]
        self._check(req, "check_grant", target_id, user_id, role_id)
        if role_id not in {r.id for r in db.roles_of(user_id, self.target_type, target_id)}:
            raise exceptions.NotFound(
                f"Could not find role assignment with role: {role_id}, user: "
                f"{user_id}, {self.target_type}: {target_id}.")
        resp.status = falcon.HTTP_204

    on_get = on_head

    def on_delete(self, req, resp, user_id, role_id, **target):
        target_id = target[f"{self.target_type}_id"]
        self._check(req, "revoke_grant", target_id, user_id, role_id)
        db.remove_role(user_id, self.target_type, target_id, role_id)
        tokens.revoke_user(self.conf, user_id)
        resp.status = falcon.HTTP_204


def grant_target(target_type: str, target_id: str, user_id: str) -> dict:
    """The policy target of a grant: its user's domain, and the project's
    domain or the domain it is on (NotFound for any that does not exist)."""
    target_row = db.get(target_type, target_id)
    target = {"target.user.domain_id": db.get("user", user_id).domain_id}
    if target_type == "project":
        target["target.project.domain_id"] = target_row.domain_id
    else:
        target["target.domain.id"] = target_row.id
    return target


class RoleAssignments(Resource):
    def on_get(self, req, resp):
        project_id = req.get_param("scope.project.id")
        domain_id = req.get_param("scope.domain.id")
        self.authorize(req, "list_role_assignments",
                       **{"target.domain_id": _listed_domain(project_id, domain_id)})
        target_type = "project" if project_id else "domain" if domain_id else None
        rows = db.list_assignments(user_id=req.get_param("user.id"),
                                   target_type=target_type,
                                   target_id=project_id or domain_id,
                                   role_id=req.get_param("role.id"))
        include_names = bool_param(req, "include_names")
        items = [_assignment(req, row, include_names) for row in rows]
        resp.media = {"role_assignments": items,
                      "links": paging.keystone_links(req)}


def _listed_domain(project_id: str | None, domain_id: str | None) -> str | None:
    """The domain a listing of assignments stays in (its readers may list
    them): the domain asked for, or the project's; None when it spans more."""
    if not project_id:
        return domain_id
    try:
        project_domain = db.get("project", project_id).domain_id
    except exceptions.NotFound:
        return None
    return project_domain if domain_id in (None, project_domain) else None


def _assignment(req, row, include_names):
    role = {"id": row.role_id}
    user = {"id": row.user_id}
    target = {"id": row.target_id}
    if include_names:
        role["name"] = db.get("role", row.role_id).name
        user_row = db.get("user", row.user_id)
        user_domain = db.get("domain", user_row.domain_id)
        user.update(name=user_row.name,
                    domain={"id": user_domain.id, "name": user_domain.name})
        target_row = db.get(row.target_type, row.target_id)
        target["name"] = target_row.name
        if row.target_type == "project":
            project_domain = db.get("domain", target_row.domain_id)
            target["domain"] = {"id": project_domain.id, "name": project_domain.name}
    plural = "projects" if row.target_type == "project" else "domains"
    return {"role": role, "user": user, "scope": {row.target_type: target},
            "links": {"assignment": url(req, f"/v3/{plural}/{row.target_id}/users/"
                                             f"{row.user_id}/roles/{row.role_id}")}}


def _grant_routes(plural, target_type):
    base = f"/v3/{plural}/{{{target_type}_id}}/users/{{user_id}}/roles"
    return ((base, lambda conf: Grants(conf, target_type)),
            (base + "/{role_id}", lambda conf: Grant(conf, target_type)))


ROUTES = (crud.routes("/v3/roles", KIND) + _grant_routes("projects", "project")
          + _grant_routes("domains", "domain")
          + (("/v3/role_assignments", RoleAssignments),))
