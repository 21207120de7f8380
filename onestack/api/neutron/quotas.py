"""/v2.0/quotas: the networking quotas of projects under Neutron's names,
the same limits as the compute API's os-quota-sets (network.quotas)."""
from __future__ import annotations

from onestack.api.neutron import base, errors, views
from onestack.common import exceptions
from onestack.network import quotas


def _target(project_id: str) -> dict:
    return {"project_id": project_id}


class Quotas(base.Resource):
    """GET /v2.0/quotas: the projects with limits of their own."""

    def on_get(self, req, resp):
        self.authorize(req, "get_quotas")
        resp.media = {"quotas": [
            {**quotas.limits(self.conf, project), **views.owned(project)}
            for project in quotas.projects_with_limits(self.conf)]}


class Quota(base.Resource):
    def on_get(self, req, resp, project_id):
        self.authorize(req, "get_quota", _target(project_id))
        resp.media = {"quota": quotas.limits(self.conf, project_id)}

    def on_put(self, req, resp, project_id):
        self.authorize(req, "update_quota", _target(project_id))
        body = base.body_of(req, "quota")
        try:
            wanted = quotas.checked(body, project_id)
        except exceptions.BadRequest as error:
            raise errors.typed(error, "InvalidInput")
        resp.media = {"quota": quotas.update(self.conf, project_id, wanted)}

    def on_delete(self, req, resp, project_id):
        self.authorize(req, "delete_quota", _target(project_id))
        quotas.reset(project_id)
        resp.status = 204


class QuotaDetails(base.Resource):
    def on_get(self, req, resp, project_id):
        self.authorize(req, "get_quota", _target(project_id))
        resp.media = {"quota": quotas.details(self.conf, project_id)}


class QuotaDefaults(base.Resource):
    def on_get(self, req, resp, project_id):
        self.authorize(req, "get_quota", _target(project_id))
        resp.media = {"quota": quotas.defaults(self.conf)}


ROUTES = (
    ("/quotas", lambda conf: Quotas(conf)),
    ("/quotas/{project_id}", lambda conf: Quota(conf)),
    ("/quotas/{project_id}/details", lambda conf: QuotaDetails(conf)),
    ("/quotas/{project_id}/default", lambda conf: QuotaDefaults(conf)),
)
