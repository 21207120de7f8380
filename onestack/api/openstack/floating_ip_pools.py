"""/os-floating-ip-pools: the pools floating IPs are allocated from (every
pool `floating create` has made), at every microversion."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.policies import floating_ip_pools as policies
from onestack.network import floating_ips as floating_api


class FloatingIpPools(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, policies.BASE, {})
        resp.media = {"floating_ip_pools": [{"name": name}
                                            for name in floating_api.pools()]}


ROUTES = (
    ("/os-floating-ip-pools", lambda conf: FloatingIpPools(conf)),
)
