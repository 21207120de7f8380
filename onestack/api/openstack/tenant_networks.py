"""/os-tenant-networks: the networks a project sees, and networks of its
own that it creates (quota: networks) and deletes. Served at every
microversion, as os-networks is."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.networks import (authorized_network, number,
                                             refuse_unsupported)
from onestack.api.openstack.policies import tenant_networks as policies
from onestack.api.openstack.schemas import tenant_networks as schemas
from onestack.common import exceptions
from onestack.network import api as network_api
from onestack.wsgi import validation


def view(network) -> dict:
    return {"id": network.uuid, "cidr": network.cidr, "label": network.label}


class TenantNetworks(base.Resource):
    """GET and POST /os-tenant-networks."""

    def on_get(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "list", {"project_id": ctx.project_id})
        resp.media = {"networks": [view(network) for network in
                                   network_api.visible_networks(self.conf, ctx)]}

    def on_post(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "create", {"project_id": ctx.project_id})
        body = validation.read_valid_json(req, schemas.create)["network"]
        refuse_unsupported(body)
        created = network_api.create_networks(
            self.conf, body["label"], body["cidr"],
            num_networks=number(body.get("num_networks")),
            network_size=number(body.get("network_size")),
            vlan=number(body.get("vlan_start")), project_id=ctx.project_id, ctx=ctx)
        resp.media = {"network": view(created[0])}


class TenantNetwork(base.Resource):
    """GET and DELETE /os-tenant-networks/{network_id}."""

    def on_get(self, req, resp, network_id):
        network = authorized_network(self, req, network_id, policies.BASE % "show")
        resp.media = {"network": view(network)}

    def on_delete(self, req, resp, network_id):
        ctx = req.context.ctx
        network = network_api.get_network(self.conf, ctx, network_id)
        if network.project_id is None:
            raise exceptions.Forbidden(f"Network {network_id} is shared by every "
                                       "project; only the administrator deletes it.")
        self.authorize(req, policies.BASE % "delete",
                       {"project_id": network.project_id})
        network_api.delete_project_network(ctx, network)
        resp.status = 202


ROUTES = (
    ("/os-tenant-networks", lambda conf: TenantNetworks(conf)),
    ("/os-tenant-networks/{network_id}", lambda conf: TenantNetwork(conf)),
)
