"""/os-security-group-rules: adding an ingress rule to a security group (from
a CIDR or from the members of a source group) and deleting one."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.policies import security_groups as policies
from onestack.api.openstack.schemas import security_groups as schemas
from onestack.api.openstack.security_groups import rule_view
from onestack.network import security_groups as security_group_api
from onestack.wsgi import validation


class SecurityGroupRules(base.Resource):
    """POST /os-security-group-rules."""

    def on_post(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "rule:create",
                       {"project_id": ctx.project_id})
        body = validation.read_valid_json(req, schemas.create_rule)
        rule, parent, source = security_group_api.create_rule(
            self.conf, ctx, body["security_group_rule"])
        resp.media = {"security_group_rule": rule_view(rule, parent, source)}


class SecurityGroupRule(base.Resource):
    """DELETE /os-security-group-rules/{security_group_rule_id}."""

    def on_delete(self, req, resp, security_group_rule_id):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "rule:delete",
                       {"project_id": ctx.project_id})
        security_group_api.delete_rule(ctx, security_group_rule_id)
        resp.status = 202


ROUTES = (
    ("/os-security-group-rules", lambda conf: SecurityGroupRules(conf)),
    ("/os-security-group-rules/{security_group_rule_id}",
     lambda conf: SecurityGroupRule(conf)),
)
