"""GET /servers/{id}/ips and /servers/{id}/ips/{network_label}: a server's
addresses by network label, without the OS-EXT-IPS keys, as Nova's ips API."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.policies import ips as policies
from onestack.common import exceptions
from onestack.compute import api as compute_api
from onestack.network import api as network_api


def _addresses(resource, req, server_id: str, rule: str) -> dict[str, list[dict]]:
    instance = compute_api.get(req.context.ctx, server_id)
    resource.authorize(req, policies.BASE % rule, {"project_id": instance.project_id})
    by_label = network_api.addresses_of([instance.uuid])[instance.uuid]
    return {label: [{"version": entry["version"], "addr": entry["addr"]}
                    for entry in entries]
            for label, entries in by_label.items()}


class ServerIps(base.Resource):
    def on_get(self, req, resp, server_id):
        resp.media = {"addresses": _addresses(self, req, server_id, "index")}


class ServerIpsOfNetwork(base.Resource):
    def on_get(self, req, resp, server_id, network_label):
        addresses = _addresses(self, req, server_id, "show")
        if network_label not in addresses:
            raise exceptions.NotFound("Instance is not a member of specified network")
        resp.media = {network_label: addresses[network_label]}


ROUTES = (
    ("/servers/{server_id}/ips", lambda conf: ServerIps(conf)),
    ("/servers/{server_id}/ips/{network_label}", lambda conf: ServerIpsOfNetwork(conf)),
)
