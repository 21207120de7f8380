"""/os-quota-class-sets/{id}: the quota classes; "default" holds every
project's default limits (the [quota] options until the admin changes them)."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.schemas.quota_sets import LIMIT
from onestack.common import exceptions
from onestack.compute import quotas as compute_quotas
from onestack.db import quotas
from onestack.wsgi import validation

RULE = "os_compute_api:os-quota-class-sets:%s"
_NETWORK = {"floating_ips", "fixed_ips", "security_groups", "security_group_rules"}
_GROUPS = {"server_groups", "server_group_members"}


def _shown(req) -> list[str]:
    """Before 2.50 a class shows the network resources and not the server group
    ones; from 2.50 the other way round; from 2.57 no injected files."""
    names = [r.name for r in compute_quotas.RESOURCES]
    if base.at_least(req, "2.50"):
        names = [n for n in names if n not in _NETWORK]
    else:
        names = [n for n in names if n not in _GROUPS]
    if base.at_least(req, "2.57"):
        names = [n for n in names if not n.startswith("injected_file")]
    return names


def _view(req, conf, class_name: str, with_id: bool) -> dict:
    values = compute_quotas.defaults(conf, class_name)
    body = {name: values[name] for name in _shown(req)}
    if with_id:
        body["id"] = class_name
    return {"quota_class_set": body}


class QuotaClass(base.Resource):
    def on_get(self, req, resp, class_name):
        self.authorize(req, RULE % "show", {"quota_class": class_name})
        resp.media = _view(req, self.conf, class_name, with_id=True)

    def on_put(self, req, resp, class_name):
        self.authorize(req, RULE % "update", {"quota_class": class_name})
        allowed = _shown(req)
        body = validation.read_valid_json(req, {
            "type": "object", "required": ["quota_class_set"],
            "properties": {"quota_class_set": {
                "type": "object",
                "properties": {name: LIMIT for name in allowed},
                "additionalProperties": False}}})
        values = {name: int(value) for name, value in body["quota_class_set"].items()}
        for name, value in values.items():
            if value < -1:
                raise exceptions.BadRequest(f"Quota limit {value} for {name} must "
                                            "be -1 (unlimited) or more.")
        quotas.set_limits(quotas.class_key(class_name), values)
        resp.media = _view(req, self.conf, class_name, with_id=False)


ROUTES = (("/os-quota-class-sets/{class_name}", QuotaClass),)
