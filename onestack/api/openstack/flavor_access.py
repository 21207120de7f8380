"""Which projects may use a private flavor: GET /flavors/{id}/os-flavor-access
and the addTenantAccess / removeTenantAccess actions, for the admin."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.policies import flavor_access as policies
from onestack.api.openstack.schemas import flavor_access as schemas
from onestack.common import exceptions
from onestack.db import flavors as flavor_db
from onestack.db import identity as identity_db
from onestack.wsgi import validation


def access_body(flavorid: str, projects: list[str]) -> dict:
    return {"flavor_access": [{"flavor_id": flavorid, "tenant_id": project}
                              for project in projects]}


def verify_project(project_id: str) -> None:
    try:
        identity_db.get("project", project_id)
    except exceptions.NotFound:
        raise exceptions.BadRequest(f"Project ID {project_id} is not a valid project.")


def action_of(document) -> str:
    """The one action a POST .../action body names."""
    if not isinstance(document, dict) or len(document) != 1:
        raise exceptions.BadRequest("Malformed request body")
    return next(iter(document))


class FlavorAccess(base.Resource):
    """GET /flavors/{flavor_id}/os-flavor-access."""

    def on_get(self, req, resp, flavor_id):
        self.authorize(req, policies.LIST)
        flavor = flavor_db.get(flavor_id)
        if flavor["is_public"]:
            raise exceptions.NotFound("Access list not available for public flavors.")
        resp.media = access_body(flavor["flavorid"],
                                 flavor_db.access_list(flavor["flavorid"]))


class FlavorAction(base.Resource):
    """POST /flavors/{flavor_id}/action: addTenantAccess, removeTenantAccess."""

    def on_post(self, req, resp, flavor_id):
        document = validation.read_json(req)
        action = action_of(document)
        if action == "addTenantAccess":
            resp.media = self._add(req, flavor_id, document)
        elif action == "removeTenantAccess":
            resp.media = self._remove(req, flavor_id, document)
        else:
            raise exceptions.BadRequest(f"There is no such action: {action}")

    def _add(self, req, flavor_id: str, document: dict) -> dict:
        self.authorize(req, policies.BASE % "add_tenant_access", {})
        validation.validate(schemas.add_tenant_access, document)
        tenant = document["addTenantAccess"]["tenant"]
        verify_project(tenant)
        flavor = flavor_db.get(flavor_id)
        if flavor["is_public"] and base.at_least(req, "2.7"):
            raise exceptions.Conflict("Can not add access to a public flavor.")
        return access_body(flavor["flavorid"],
                           flavor_db.add_access(flavor["flavorid"], tenant))

    def _remove(self, req, flavor_id: str, document: dict) -> dict:
        self.authorize(req, policies.BASE % "remove_tenant_access", {})
        validation.validate(schemas.remove_tenant_access, document)
        tenant = document["removeTenantAccess"]["tenant"]
        flavor = flavor_db.get(flavor_id)
        return access_body(flavor["flavorid"],
                           flavor_db.remove_access(flavor["flavorid"], tenant))


ROUTES = (
    ("/flavors/{flavor_id}/os-flavor-access", lambda conf: FlavorAccess(conf)),
    ("/flavors/{flavor_id}/action", lambda conf: FlavorAction(conf)),
)
