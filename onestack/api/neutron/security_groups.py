"""/v2.0/security-groups and /v2.0/security-group-rules: the groups the
compute API's os-security-groups shows, in Neutron's shape, with their
ingress and egress rules."""
from __future__ import annotations

from onestack.api.neutron import base, views
from onestack.api.neutron.networks import project_of
from onestack.db import security_groups as group_db
from onestack.network import neutron_groups

GROUP_CREATE = {"name", "description", "project_id", "tenant_id", "stateful"}
GROUP_UPDATE = {"name", "description"}
RULE_CREATE = {"security_group_id", "direction", "ethertype", "protocol",
               "port_range_min", "port_range_max", "remote_ip_prefix",
               "remote_group_id", "description", "project_id", "tenant_id"}


def rule_view(rule, uuids: dict[int, str]) -> dict:
    """uuids: group row id -> uuid, for the rule's group and remote group."""
    return {"id": rule.uuid, "security_group_id": uuids[rule.group_id],
            "direction": rule.direction, "ethertype": rule.ethertype,
            "protocol": rule.protocol, "port_range_min": rule.port_range_min,
            "port_range_max": rule.port_range_max,
            "remote_ip_prefix": rule.remote_ip_prefix,
            "remote_group_id": uuids.get(rule.remote_group_id),
            "remote_address_group_id": None, "description": rule.description,
            **views.owned(rule.project_id), **views.stamps(rule)}


def _uuids(groups, rules) -> dict[int, str]:
    known = {group.id: group.uuid for group in groups}
    missing = {rule.remote_group_id for rule in rules
               if rule.remote_group_id and rule.remote_group_id not in known} | \
        {rule.group_id for rule in rules if rule.group_id not in known}
    known.update({row_id: group.uuid
                  for row_id, group in group_db.groups_by_id(missing).items()})
    return known


def group_views(groups) -> list[dict]:
    rules = group_db.rules_of(group.id for group in groups)
    uuids = _uuids(groups, [rule for found in rules.values() for rule in found])
    return [{"id": group.uuid, "name": group.name, "description": group.description,
             **views.owned(group.project_id), "stateful": True, "shared": False,
             "security_group_rules": [rule_view(rule, uuids) for rule in rules[group.id]],
             **views.stamps(group)} for group in groups]


def _check_stateful(body: dict) -> None:
    if "stateful" in body and not base.as_bool(body["stateful"], "stateful"):
        raise neutron_groups.invalid("stateless security groups are not supported "
                                      "here")


class SecurityGroups(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, "get_security_group")
        groups = neutron_groups.list_groups(req.context.ctx)
        resp.media = base.listed(req, "security_groups", group_views(groups))

    def on_post(self, req, resp):
        body = base.body_of(req, "security_group")
        base.only(body, GROUP_CREATE, None)
        project = project_of(req, body)
        self.authorize(req, "create_security_group", {"project_id": project})
        _check_stateful(body)
        group = neutron_groups.create_group(self.conf, req.context.ctx,
                                            body.get("name"), body.get("description"),
                                            project)
        resp.status = 201
        resp.media = {"security_group": group_views([group])[0]}


class SecurityGroup(base.Resource):
    def found(self, req, group_id: str, rule: str):
        group = neutron_groups.get_group(req.context.ctx, group_id)
        self.authorize(req, rule, {"project_id": group.project_id})
        return group

    def on_get(self, req, resp, group_id):
        group = self.found(req, group_id, "get_security_group")
        resp.media = base.shown(req, "security_group", group_views([group])[0])

    def on_put(self, req, resp, group_id):
        group = self.found(req, group_id, "update_security_group")
        body = base.body_of(req, "security_group")
        base.only(body, GROUP_UPDATE, "update")
        group = neutron_groups.update_group(req.context.ctx, group, body.get("name"),
                                            body.get("description"))
        resp.media = {"security_group": group_views([group])[0]}

    def on_delete(self, req, resp, group_id):
        group = self.found(req, group_id, "delete_security_group")
        neutron_groups.delete_group(req.context.ctx, group)
        resp.status = 204


class SecurityGroupRules(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, "get_security_group_rule")
        rules, groups = neutron_groups.list_rules(req.context.ctx)
        uuids = _uuids(groups.values(), rules)
        resp.media = base.listed(req, "security_group_rules",
                                 [rule_view(rule, uuids) for rule in rules])

    def on_post(self, req, resp):
        body = base.body_of(req, "security_group_rule")
        base.only(body, RULE_CREATE, None)
        ctx = req.context.ctx
        group = neutron_groups.get_group(ctx, body.get("security_group_id"))
        project = project_of(req, body)
        if (body.get("project_id") or body.get("tenant_id")) and \
                project != group.project_id:
            raise neutron_groups.invalid(
                f"project {project} is not the project of security group "
                f"{group.uuid}")
        self.authorize(req, "create_security_group_rule",
                       {"project_id": group.project_id})
        rule = neutron_groups.create_rule(self.conf, ctx, body)
        resp.status = 201
        resp.media = {"security_group_rule": rule_view(rule, _uuids([group], [rule]))}


class SecurityGroupRule(base.Resource):
    def found(self, req, rule_id: str, rule_name: str):
        rule = neutron_groups.get_rule(req.context.ctx, rule_id)
        self.authorize(req, rule_name, {"project_id": rule.project_id})
        return rule

    def on_get(self, req, resp, rule_id):
        rule = self.found(req, rule_id, "get_security_group_rule")
        resp.media = base.shown(req, "security_group_rule",
                                rule_view(rule, _uuids([], [rule])))

    def on_delete(self, req, resp, rule_id):
        rule = self.found(req, rule_id, "delete_security_group_rule")
        neutron_groups.delete_rule(req.context.ctx, rule)
        resp.status = 204


ROUTES = (
    ("/security-groups", lambda conf: SecurityGroups(conf)),
    ("/security-groups/{group_id}", lambda conf: SecurityGroup(conf)),
    ("/security-group-rules", lambda conf: SecurityGroupRules(conf)),
    ("/security-group-rules/{rule_id}", lambda conf: SecurityGroupRule(conf)),
)
