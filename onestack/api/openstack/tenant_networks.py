"""/os-tenant-networks: the networks a project sees, and networks of its
own that it creates (quota: networks) and deletes. Served at every
microversion, as os-networks is."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.networks import (number,
                                             refuse_unsupported)
from onestack.api.openstack.policies import tenant_networks as policies
from onestack.api.openstack.schemas import tenant_networks as schemas
from onestack.common import exceptions
from onestack.network import api as network_api, subnets
from onestack.wsgi import validation


def view(found: subnets.Found) -> dict:
    """A network made through the networking API without its subnet has no
    CIDR yet: Nova over Neutron shows the string "None" then."""
    if found.draft is not None:
        return {"id": found.draft.uuid, "cidr": "None", "label": found.draft.name}
    network = found.network
    return {"id": network.uuid, "cidr": network.cidr, "label": network.label}


class TenantNetworks(base.Resource):
    """GET and POST /os-tenant-networks."""

    def on_get(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "list", {"project_id": ctx.project_id})
        resp.media = {"networks": [view(found) for found in
                                   subnets.all_networks(self.conf, ctx)
                                   if found.external is None]}

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
        resp.media = {"network": view(subnets.Found(network=created[0]))}


class TenantNetwork(base.Resource):
    """GET and DELETE /os-tenant-networks/{network_id}."""

    def on_get(self, req, resp, network_id):
        ctx = req.context.ctx
        found = subnets.find(self.conf, ctx, network_id)
        if found.external is not None:
            raise exceptions.NotFound(f"Network {network_id} could not be found.")
        owner = (found.network or found.draft).project_id
        self.authorize(req, policies.BASE % "show", {"project_id": owner or ctx.project_id})
        resp.media = {"network": view(found)}

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
