"""/os-fixed-ips: the administrator's view of one fixed IP (its network,
the server holding it), and reserving it so that no server gets it. Served
at every microversion; `reserved` is shown from 2.4, as in Nova."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.flavor_access import action_of
from onestack.api.openstack.policies import fixed_ips as policies
from onestack.api.openstack.schemas import fixed_ips as schemas
from onestack.common import exceptions
from onestack.network import api as network_api
from onestack.wsgi import validation


class FixedIp(base.Resource):
    """GET /os-fixed-ips/{fixed_ip}."""

    def on_get(self, req, resp, fixed_ip):
        self.authorize(req, policies.BASE, {})
        info = network_api.fixed_ip(fixed_ip)
        if not base.at_least(req, "2.4"):
            del info["reserved"]
        resp.media = {"fixed_ip": info}


class FixedIpAction(base.Resource):
    """POST /os-fixed-ips/{fixed_ip}/action: reserve, unreserve."""

    def on_post(self, req, resp, fixed_ip):
        self.authorize(req, policies.BASE, {})
        document = validation.read_json(req)
        action = action_of(document)
        if action not in ("reserve", "unreserve"):
            raise exceptions.BadRequest(f"There is no such action: {action}")
        validation.validate(getattr(schemas, action), document)
        network_api.reserve_fixed_ip(fixed_ip, reserved=action == "reserve")
        resp.status = 202


ROUTES = (
    ("/os-fixed-ips/{fixed_ip}", lambda conf: FixedIp(conf)),
    ("/os-fixed-ips/{fixed_ip}/action", lambda conf: FixedIpAction(conf)),
)
