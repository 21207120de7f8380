"""/os-networks: nova-network's networks, for the administrator to create,
delete and associate with projects and network hosts, and for projects to
see. Native here, so served at every microversion (upstream removed it at
2.36, where it had become a proxy to Neutron).

A project's reader sees its own networks and, under the flat managers, the
shared ones, with Nova's short list of fields; the administrator sees every
network with all of them.
"""
from __future__ import annotations

from onestack.api.openstack import base, timestamps
from onestack.api.openstack.flavor_access import action_of
from onestack.api.openstack.policies import networks as policies
from onestack.api.openstack.schemas import networks as schemas
from onestack.api.openstack.schemas import parameter_types as types
from onestack.common import exceptions
from onestack.network import api as network_api
from onestack.network import ipam, modes
from onestack.wsgi import validation

# fields of the create body this cloud cannot honour, and why
UNSUPPORTED = {"cidr_v6": "IPv6 networks", "gateway_v6": "IPv6 networks",
               "allowed_start": "allowed_start and allowed_end (use fixed_cidr)",
               "allowed_end": "allowed_start and allowed_end (use fixed_cidr)",
               "dhcp_server": "a DHCP server other than the gateway",
               "vpn_start": "cloudpipe VPNs"}


def view(conf, ctx, network) -> dict:
    subnet = ipam.Subnet.of_network(network)
    body = {"id": network.uuid, "label": network.label, "cidr": network.cidr,
            "netmask": subnet.netmask, "gateway": network.gateway,
            "broadcast": subnet.broadcast, "dns1": network.dns1, "dns2": network.dns2,
            "cidr_v6": None, "gateway_v6": None, "netmask_v6": None}
    if not ctx.is_admin:
        return body
    body.update({
        "created_at": timestamps.precise(network.created_at),
        "updated_at": timestamps.precise(network.updated_at),
        "deleted_at": None, "deleted": False,
        "injected": modes.current(conf).name == "FlatManager" and conf.flat_injected,
        "bridge": network.bridge, "bridge_interface": network.bridge_interface,
        "vlan": network.vlan, "project_id": network.project_id, "host": network.host,
        "multi_host": network.multi_host, "mtu": network.mtu,
        "enable_dhcp": network.enable_dhcp,
        "dhcp_server": ipam.host_address(network),
        "dhcp_start": network_api.dhcp_start(network),
        "share_address": False, "priority": None, "rxtx_base": None,
        "vpn_public_address": None, "vpn_public_port": None,
        "vpn_private_address": None})
    return body


def number(value) -> int | None:
    """A POSITIVE_INTEGER_OR_EMPTY value: "" is not given."""
    return None if value in (None, "") else int(value)


def refuse_unsupported(body: dict) -> None:
    for field, what in UNSUPPORTED.items():
        if body.get(field) is not None:
            raise exceptions.BadRequest(f"This cloud does not support {what}.")
    if boolean(body.get("share_address")):
        raise exceptions.BadRequest("This cloud does not support share_address.")


def boolean(value) -> bool | None:
    return None if value is None else types.to_bool(value)


def authorized_network(resource, req, network_id: str, rule: str):
    """The network if the caller sees it (else NotFound) and rule allows
    the caller on it (a shared network: on the caller's project)."""
    ctx = req.context.ctx
    network = network_api.get_network(resource.conf, ctx, network_id)
    resource.authorize(req, rule, {"project_id": network.project_id or ctx.project_id})
    return network


class Networks(base.Resource):
    """GET and POST /os-networks."""

    def on_get(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "list", {"project_id": ctx.project_id})
        resp.media = {"networks": [view(self.conf, ctx, network) for network in
                                   network_api.visible_networks(self.conf, ctx)]}

    def on_post(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.MANAGE, {})
        body = validation.read_valid_json(req, schemas.create)["network"]
        refuse_unsupported(body)
        vlan = number(body.get("vlan"))
        created = network_api.create_networks(
            self.conf, body["label"], body["cidr"],
            vlan=vlan if vlan is not None else number(body.get("vlan_start")),
            bridge=body.get("bridge"), bridge_interface=body.get("bridge_interface"),
            multi_host=boolean(body.get("multi_host")), dns1=body.get("dns1"),
            dns2=body.get("dns2"), project_id=body.get("project_id"),
            fixed_cidr=body.get("fixed_cidr"), gateway=body.get("gateway"),
            mtu=number(body.get("mtu")),
            enable_dhcp=boolean(body.get("enable_dhcp")) is not False, ctx=ctx)
        resp.media = {"network": view(self.conf, ctx, created[0])}


class NetworkAdd(base.Resource):
    """POST /os-networks/add: associate a network (null: a free one of the
    VlanManager pool) with the caller's project."""

    def on_post(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.MANAGE, {})
        body = validation.read_valid_json(req, schemas.add)
        network_api.add_to_project(self.conf, ctx, ctx.project_id, body["id"])
        resp.status = 202


class Network(base.Resource):
    """GET and DELETE /os-networks/{network_id}."""

    def on_get(self, req, resp, network_id):
        network = authorized_network(self, req, network_id, policies.BASE % "show")
        resp.media = {"network": view(self.conf, req.context.ctx, network)}

    def on_delete(self, req, resp, network_id):
        self.authorize(req, policies.MANAGE, {})
        network_api.delete_network(req.context.ctx, network_id)
        resp.status = 202


class NetworkAction(base.Resource):
    """POST /os-networks/{network_id}/action: disassociate (project and
    host), disassociate_host, disassociate_project, associate_host."""

    CHANGES = {"disassociate": {"project": True, "host": True},
               "disassociate_host": {"project": False, "host": True},
               "disassociate_project": {"project": True, "host": False}}

    def on_post(self, req, resp, network_id):
        ctx = req.context.ctx
        document = validation.read_json(req)
        action = action_of(document)
        if action not in self.CHANGES and action != "associate_host":
            raise exceptions.BadRequest(f"There is no such action: {action}")
        self.authorize(req, policies.MANAGE if action == "disassociate"
                       else policies.ASSOCIATE, {})
        validation.validate(getattr(schemas, action), document)
        if action == "associate_host":
            network_api.associate_host(ctx, network_id, document[action])
        else:
            network_api.disassociate(ctx, network_id, **self.CHANGES[action])
        resp.status = 202


ROUTES = (
    ("/os-networks", lambda conf: Networks(conf)),
    ("/os-networks/add", lambda conf: NetworkAdd(conf)),
    ("/os-networks/{network_id}", lambda conf: Network(conf)),
    ("/os-networks/{network_id}/action", lambda conf: NetworkAction(conf)),
)
