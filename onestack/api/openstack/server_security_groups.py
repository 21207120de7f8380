"""GET /servers/{server_id}/os-security-groups: the groups a server is in,
with their rules. (addSecurityGroup and removeSecurityGroup are server
actions, in server_actions.py.)"""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.policies import security_groups as policies
from onestack.api.openstack.security_groups import views
from onestack.compute import api as compute_api
from onestack.network import security_groups as security_group_api


class ServerSecurityGroups(base.Resource):
    def on_get(self, req, resp, server_id):
        ctx = req.context.ctx
        instance = compute_api.get(ctx, server_id)
        self.authorize(req, policies.BASE % "list", {"project_id": instance.project_id})
        groups = security_group_api.groups_of_instance(instance.uuid)
        resp.media = {"security_groups": sorted(
            views(groups), key=lambda group: (group["tenant_id"], group["name"]))}


ROUTES = (
    ("/servers/{server_id}/os-security-groups",
     lambda conf: ServerSecurityGroups(conf)),
)
