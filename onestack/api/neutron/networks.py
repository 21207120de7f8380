"""/v2.0/networks: each nova-network network, and each floating IP pool as
an external network."""
from __future__ import annotations

from onestack.api.neutron import base, errors, views
from onestack.network import api as network_api
from onestack.network import pools


def network_views(conf, ctx) -> list[dict]:
    own = [views.network(conf, network)
           for network in network_api.visible_networks(conf, ctx)]
    return own + [views.external_network(network)
                  for network in pools.external_networks()]


def network_view(conf, ctx, network_id: str) -> dict:
    try:
        return views.network(conf, network_api.get_network(conf, ctx, network_id))
    except errors.exceptions.NotFound:
        pass
    try:
        return views.external_network(pools.get_external(network_id))
    except errors.exceptions.NotFound:
        raise errors.not_found("Network", network_id)


class Networks(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, "get_network")
        resp.media = base.listed(req, "networks",
                                 network_views(self.conf, req.context.ctx))


class Network(base.Resource):
    def on_get(self, req, resp, network_id):
        view = network_view(self.conf, req.context.ctx, network_id)
        self.authorize(req, "get_network", views.target(req, view))
        resp.media = base.shown(req, "network", view)


ROUTES = (
    ("/networks", lambda conf: Networks(conf)),
    ("/networks/{network_id}", lambda conf: Network(conf)),
)
