"""/os-server-groups: groups of servers the scheduler places together or apart.

Before 2.64 a group shows `policies` (a list of one) and an empty `metadata`;
from 2.64 `policy` and `rules` (max_server_per_host, for anti-affinity only).
From 2.13 groups show their project and user. Members are the live servers.
"""
from __future__ import annotations

from onestack.api.openstack import base, params
from onestack.api.openstack.policies import server_groups as policies
from onestack.api.openstack.schemas import server_groups as schemas
from onestack.common import exceptions
from onestack.db import server_groups as group_db
from onestack.wsgi import paging, validation


def view(req, group, members: list[str]) -> dict:
    body = {"id": group.uuid, "name": group.name}
    if base.at_least(req, "2.64"):
        body["policy"] = group.policy
        body["rules"] = group_db.rules_of(group)
    else:
        body["policies"] = [group.policy]
        body["metadata"] = {}
    body["members"] = members
    if base.at_least(req, "2.13"):
        body["project_id"] = group.project_id
        body["user_id"] = group.user_id
    return body


def _create_schema(req) -> dict:
    if base.at_least(req, "2.64"):
        return schemas.create_v264
    if base.at_least(req, "2.15"):
        return schemas.create_v215
    return schemas.create


def policy_and_rules(req, body: dict) -> tuple[str, dict]:
    if not base.at_least(req, "2.64"):
        return body["policies"][0], {}
    policy, rules = body["policy"], dict(body.get("rules") or {})
    if rules and policy != "anti-affinity":
        raise exceptions.BadRequest("Only anti-affinity policy supports rules.")
    if "max_server_per_host" in rules:
        value = int(rules["max_server_per_host"])
        if value < 1:
            raise exceptions.BadRequest(
                "Invalid input for field/attribute max_server_per_host. Value: "
                f"{rules['max_server_per_host']}. It must be at least 1.")
        rules["max_server_per_host"] = value
    return policy, rules


class ServerGroups(base.Resource):
    """GET and POST /os-server-groups."""

    def on_get(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "index", {"project_id": ctx.project_id})
        if base.at_least(req, "2.75"):
            params.reject_unknown(req, schemas.INDEX_QUERY)
        limit, offset = base.limit_and_marker(req)[0], paging.offset(req.params)
        project_id = ctx.project_id
        if params.first(req, "all_projects") is not None and ctx.is_admin:
            self.authorize(req, policies.BASE % "index:all_projects",
                           {"project_id": ctx.project_id})
            project_id = None
        groups = group_db.list_(project_id, limit, offset)
        members = group_db.members_of(groups)
        resp.media = {"server_groups": [view(req, g, members[g.id]) for g in groups]}

    def on_post(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "create", {"project_id": ctx.project_id})
        body = validation.read_valid_json(req, _create_schema(req))["server_group"]
        policy, rules = policy_and_rules(req, body)
        group = group_db.create(self.conf, ctx.project_id, ctx.user_id, body["name"],
                                policy, rules)
        resp.media = {"server_group": view(req, group, [])}


class ServerGroup(base.Resource):
    """GET and DELETE /os-server-groups/{group_id}."""

    def on_get(self, req, resp, group_id):
        group = group_db.get_group(group_id, req.context.ctx)
        self.authorize(req, policies.BASE % "show", {"project_id": group.project_id})
        members = group_db.members_of([group])[group.id]
        resp.media = {"server_group": view(req, group, members)}

    def on_delete(self, req, resp, group_id):
        group = group_db.get_group(group_id, req.context.ctx)
        self.authorize(req, policies.BASE % "delete", {"project_id": group.project_id})
        group_db.delete_(group_id)
        resp.status = 204


ROUTES = (
    ("/os-server-groups", lambda conf: ServerGroups(conf)),
    ("/os-server-groups/{group_id}", lambda conf: ServerGroup(conf)),
)
