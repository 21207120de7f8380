"""/os-quota-sets/{project_id}: a project's (or, with ?user_id, one user's)
limits, their usage (/detail) and the defaults (/defaults); the admin sets
and resets them. The resources shown follow the microversion: the
nova-network ones go at 2.36, the injected file ones at 2.57.
"""
from __future__ import annotations

from onestack.api.openstack import base, params
from onestack.api.openstack.flavor_access import verify_project
from onestack.api.openstack.policies import quota_sets as policies
from onestack.api.openstack.schemas import quota_sets as schemas
from onestack.api.openstack.schemas.parameter_types import to_bool
from onestack.common import exceptions
from onestack.compute import quotas as compute_quotas
from onestack.db import quotas, user_quotas
from onestack.wsgi import validation


def _user_param(req) -> str | None:
    if base.at_least(req, "2.75"):
        params.reject_unknown(req, schemas.QUERY)
    return params.first(req, "user_id") or None


def _names(req) -> list[str]:
    return [r.name for r in compute_quotas.shown(req.context.version)]


def _limits(conf, project_id: str, user_id: str | None) -> dict[str, int]:
    if user_id:
        return compute_quotas.user_limits(conf, project_id, user_id)
    return compute_quotas.project_limits(conf, project_id)


def _usage(req, project_id: str, user_id: str | None) -> dict[str, int]:
    """In use per resource: the user's with ?user_id, else the project's;
    key pairs are the user's (?user_id, or the caller's own when it looks at
    its own project)."""
    ctx = req.context.ctx
    if user_id is not None:
        return compute_quotas.in_use(project_id, user_id, users_share=True)
    return compute_quotas.in_use(
        project_id, ctx.user_id if project_id == ctx.project_id else None)


def _check_range(name: str, value: int, minimum: int, maximum: int) -> None:
    def unlimited_last(number):
        return float("inf") if number == -1 else number
    if unlimited_last(value) < unlimited_last(minimum):
        raise exceptions.BadRequest(
            f"Quota limit {value} for {name} must be greater than or equal to "
            f"already used and reserved {minimum}.")
    if unlimited_last(value) > unlimited_last(maximum):
        raise exceptions.BadRequest(
            f"Quota limit {value} for {name} must be less than or equal to "
            f"{maximum}.")


class QuotaSet(base.Resource):
    """GET, PUT and DELETE /os-quota-sets/{project_id}."""

    def on_get(self, req, resp, project_id):
        self.authorize(req, policies.BASE % "show", {"project_id": project_id})
        user_id = _user_param(req)
        verify_project(project_id)
        limits = _limits(self.conf, project_id, user_id)
        resp.media = {"quota_set": {"id": project_id,
                                    **{name: limits[name] for name in _names(req)}}}

    def on_put(self, req, resp, project_id):
        self.authorize(req, policies.BASE % "update", {"project_id": project_id})
        user_id = _user_param(req)
        verify_project(project_id)
        names = _names(req)
        body = validation.read_valid_json(req, schemas.update(names))["quota_set"]
        force = to_bool(body.get("force", False))
        wanted = {name: int(value) for name, value in body.items()
                  if name != "force" and value not in (None, "")}
        if not force:
            used = _usage(req, project_id, user_id)
            project = compute_quotas.project_limits(self.conf, project_id)
            for name, value in wanted.items():
                maximum = project[name] if user_id else -1
                _check_range(name, value, used[name], maximum)
        if user_id:
            user_quotas.set_limits(project_id, user_id, wanted)
        else:
            quotas.set_limits(project_id, wanted)
        limits = _limits(self.conf, project_id, user_id)
        resp.media = {"quota_set": {name: limits[name] for name in names}}

    def on_delete(self, req, resp, project_id):
        self.authorize(req, policies.BASE % "delete", {"project_id": project_id})
        user_id = _user_param(req)
        if user_id:
            user_quotas.reset(project_id, user_id)
        else:
            quotas.reset_limits(project_id)
            user_quotas.reset_all_users(project_id)
        resp.status = 202


class QuotaSetDetail(base.Resource):
    """GET /os-quota-sets/{project_id}/detail: limit, in_use, reserved (0)."""

    def on_get(self, req, resp, project_id):
        self.authorize(req, policies.BASE % "detail", {"project_id": project_id})
        user_id = _user_param(req)
        verify_project(project_id)
        limits = _limits(self.conf, project_id, user_id)
        used = _usage(req, project_id, user_id)
        body = {name: {"limit": limits[name], "in_use": used[name], "reserved": 0}
                for name in _names(req)}
        resp.media = {"quota_set": {"id": project_id, **body}}


class QuotaSetDefaults(base.Resource):
    """GET /os-quota-sets/{project_id}/defaults."""

    def on_get(self, req, resp, project_id):
        self.authorize(req, policies.BASE % "defaults", {"project_id": project_id})
        verify_project(project_id)
        defaults = compute_quotas.defaults(self.conf)
        resp.media = {"quota_set": {"id": project_id,
                                    **{name: defaults[name] for name in _names(req)}}}


ROUTES = (
    ("/os-quota-sets/{project_id}", lambda conf: QuotaSet(conf)),
    ("/os-quota-sets/{project_id}/detail", lambda conf: QuotaSetDetail(conf)),
    ("/os-quota-sets/{project_id}/defaults", lambda conf: QuotaSetDefaults(conf)),
)
