"""GET /limits: the project's absolute limits and usage (no rate limits).

Names come from the quota table (compute.quotas); the nova-network ones go
at 2.36, maxImageMeta at 2.39, the personality ones at 2.57. The admin may
ask about another project with ?tenant_id.
"""
from __future__ import annotations

from onestack.api.openstack import base, params
from onestack.api.openstack.policies import limits as policies
from onestack.api.openstack.schemas import limits as schemas
from onestack.compute import quotas as compute_quotas

NAME_HIDDEN_FROM = {"maxImageMeta": "2.39"}


def absolute(req, limits: dict[str, int], used: dict[str, int]) -> dict[str, int]:
    version = req.context.version
    body = {}
    for resource in compute_quotas.shown(version):
        for name in resource.limit_names:
            hidden_from = NAME_HIDDEN_FROM.get(name)
            if hidden_from is None or not version.at_least(hidden_from):
                body[name] = limits[resource.name]
        if resource.used_name:
            body[resource.used_name] = used[resource.name]
    return body


class Limits(base.Resource):
    def on_get(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE, {})
        if base.at_least(req, "2.75"):
            params.reject_unknown(req, schemas.QUERY)
        project_id = ctx.project_id
        asked = params.first(req, "tenant_id")
        if asked:
            self.authorize(req, policies.OTHER_PROJECT, {})
            project_id = asked
        limits = compute_quotas.project_limits(self.conf, project_id)
        used = compute_quotas.in_use(project_id)
        resp.media = {"limits": {"rate": [], "absolute": absolute(req, limits, used)}}


ROUTES = (
    ("/limits", lambda conf: Limits(conf)),
)
