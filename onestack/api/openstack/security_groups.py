"""/os-security-groups: a project's security groups and their rules, in
Nova's shapes. Native here, so they answer at every microversion (Nova
made them proxies to Neutron and dropped them at 2.36).

A group's id is its UUID. An id that names no group in the caller's scope
(a name among them) is 404 on GET and DELETE, so that clients fall back to
finding the group by name; PUT refuses an id that is neither a UUID nor a
number with a 400, as Nova did.
"""
from __future__ import annotations

from onestack.api.openstack import base, params
from onestack.api.openstack.policies import security_groups as policies
from onestack.api.openstack.schemas import security_groups as schemas
from onestack.db import security_groups as group_db
from onestack.network import security_groups as security_group_api
from onestack.wsgi import paging, validation


def _ports(rule) -> tuple[int | None, int | None]:
    """Nova's from_port/to_port: -1 for any ICMP type or code, 1-65535 for
    a tcp or udp rule stored without ports (as Neutron may store one)."""
    low, high = rule.port_range_min, rule.port_range_max
    if rule.protocol == "icmp":
        return (-1 if low is None else low), (-1 if high is None else high)
    if rule.protocol in ("tcp", "udp") and low is None and high is None:
        return 1, 65535
    return low, high


def rule_view(rule, parent, source=None) -> dict:
    """One ingress rule; source is the group rule.remote_group_id names."""
    from_port, to_port = _ports(rule)
    body = {"id": rule.uuid, "parent_group_id": parent.uuid,
            "ip_protocol": rule.protocol, "from_port": from_port, "to_port": to_port,
            "group": {}, "ip_range": {}}
    if source is not None:
        body["group"] = {"name": source.name, "tenant_id": source.project_id}
    else:
        body["ip_range"] = {"cidr": rule.remote_ip_prefix or (
            "::/0" if rule.ethertype == "IPv6" else "0.0.0.0/0")}
    return body


def views(groups) -> list[dict]:
    """Groups with their ingress rules, in a few queries."""
    rules = group_db.rules_of(group.id for group in groups)
    sources = group_db.groups_by_id(rule.remote_group_id
                                    for group_rules in rules.values()
                                    for rule in group_rules if rule.remote_group_id)
    return [{"id": group.uuid, "name": group.name, "description": group.description,
             "tenant_id": group.project_id,
             "rules": [rule_view(rule, group, sources.get(rule.remote_group_id))
                       for rule in rules[group.id] if rule.direction == "ingress"]}
            for group in groups]


def view(group) -> dict:
    return views([group])[0]


class SecurityGroups(base.Resource):
    """GET and POST /os-security-groups."""

    def on_get(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "get", {"project_id": ctx.project_id})
        everyone = params.first(req, "all_tenants") is not None and self.allows(
            req, policies.BASE % "get:all_tenants", {"project_id": ctx.project_id})
        limit, offset = base.limit_and_marker(req)[0], paging.offset(req.params)
        groups = security_group_api.list_groups(ctx, everyone, limit, offset)
        resp.media = {"security_groups": views(groups)}

    def on_post(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "create", {"project_id": ctx.project_id})
        body = validation.read_valid_json(req, schemas.create)["security_group"]
        group = security_group_api.create_group(self.conf, ctx, body["name"],
                                                body["description"])
        resp.media = {"security_group": view(group)}


class SecurityGroup(base.Resource):
    """GET, PUT and DELETE /os-security-groups/{security_group_id}."""

    def on_get(self, req, resp, security_group_id):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "show", {"project_id": ctx.project_id})
        resp.media = {"security_group": view(
            security_group_api.get_group(ctx, security_group_id))}

    def on_put(self, req, resp, security_group_id):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "update", {"project_id": ctx.project_id})
        body = validation.read_valid_json(req, schemas.update)["security_group"]
        group = security_group_api.get_group(
            ctx, security_group_api.checked_id(security_group_id))
        group = security_group_api.update_group(ctx, group, body["name"],
                                                body["description"])
        resp.media = {"security_group": view(group)}

    def on_delete(self, req, resp, security_group_id):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "delete", {"project_id": ctx.project_id})
        group = security_group_api.get_group(ctx, security_group_id)
        security_group_api.delete_group(ctx, group)
        resp.status = 202


ROUTES = (
    ("/os-security-groups", lambda conf: SecurityGroups(conf)),
    ("/os-security-groups/{security_group_id}", lambda conf: SecurityGroup(conf)),
)
