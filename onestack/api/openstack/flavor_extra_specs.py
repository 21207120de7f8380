"""/flavors/{flavor_id}/os-extra_specs: read by anyone who sees the flavor,
created, changed and deleted by the admin. Values may be sent as numbers;
they are stored and shown as text, and echoed back as sent."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.flavors import find
from onestack.api.openstack.policies import flavor_extra_specs as policies
from onestack.api.openstack.schemas import flavor_extra_specs as schemas
from onestack.common import exceptions
from onestack.db import flavors as flavor_db
from onestack.wsgi import validation


def as_text(specs: dict) -> dict[str, str]:
    """Spec values as stored; a number longer than 255 characters is a 400."""
    result = {}
    for key, value in specs.items():
        text = value if isinstance(value, str) else str(value)
        if len(text) > 255:
            raise exceptions.BadRequest(
                "Invalid input received: extra_specs value has more than 255 "
                "characters.")
        result[key] = text
    return result


def _no_key(flavor_id: str, key: str) -> exceptions.NotFound:
    return exceptions.NotFound(f"Flavor {flavor_id} has no extra specs with key {key}.")


class ExtraSpecs(base.Resource):
    """GET and POST /flavors/{flavor_id}/os-extra_specs."""

    def on_get(self, req, resp, flavor_id):
        self.authorize(req, policies.BASE % "index")
        resp.media = {"extra_specs": find(req, flavor_id)["extra_specs"]}

    def on_post(self, req, resp, flavor_id):
        self.authorize(req, policies.BASE % "create", {})
        body = validation.read_valid_json(req, schemas.create)
        specs = as_text(body["extra_specs"])
        flavor_db.set_extra_specs(find(req, flavor_id)["flavorid"], specs)
        resp.media = body


class ExtraSpec(base.Resource):
    """GET, PUT and DELETE /flavors/{flavor_id}/os-extra_specs/{key}."""

    def on_get(self, req, resp, flavor_id, key):
        self.authorize(req, policies.BASE % "show")
        specs = find(req, flavor_id)["extra_specs"]
        if key not in specs:
            raise _no_key(flavor_id, key)
        resp.media = {key: specs[key]}

    def on_put(self, req, resp, flavor_id, key):
        self.authorize(req, policies.BASE % "update", {})
        body = validation.read_valid_json(req, schemas.update)
        specs = as_text(body)
        if key not in specs:
            raise exceptions.BadRequest("Request body and URI mismatch")
        flavor_db.set_extra_specs(find(req, flavor_id)["flavorid"], specs)
        resp.media = body

    def on_delete(self, req, resp, flavor_id, key):
        self.authorize(req, policies.BASE % "delete", {})
        flavor_db.delete_extra_spec(find(req, flavor_id)["flavorid"], key)


ROUTES = (
    ("/flavors/{flavor_id}/os-extra_specs", lambda conf: ExtraSpecs(conf)),
    ("/flavors/{flavor_id}/os-extra_specs/{key}", lambda conf: ExtraSpec(conf)),
)
