"""Routers as the networking API has them. The network host already routes
and NATs every network, so a router is a record that makes the Neutron
view consistent: which pool it faces (external_gateway_info) and which
networks it has interfaces on."""
from __future__ import annotations

from onestack.common import exceptions
from onestack.db import ports as ports_db
from onestack.db import routers
from onestack.network import ipam
from onestack.network import subnets as network_subnets


def gateway_pool(conf, ctx, network_id: str | None) -> str | None:
    """The pool whose external network this is: NotFound for a network ctx
    does not see, BadRequest for one that is not external (as Neutron)."""
    if network_id is None:
        return None
    found = network_subnets.find(conf, ctx, network_id)
    if found.external is None:
        raise exceptions.BadRequest(f"Network {network_id} is not a valid external "
                                    "network.")
    return found.external.name


def create_router(conf, ctx, name: str, description: str, project_id: str,
                  gateway_network: str | None, enable_snat: bool = True,
                  admin_state_up: bool = True):
    """A router is a record: the network host routes and NATs every network
    whatever its admin state says."""
    return routers.create(conf, {"name": name, "description": description,
                                 "project_id": project_id,
                                 "admin_state_up": admin_state_up,
                                 "gateway_pool": gateway_pool(conf, ctx, gateway_network),
                                 "enable_snat": enable_snat})


def attach_port(conf, ctx, router, port_id: str):
    """Attach the network of an unbound port, which becomes the interface's
    port (device_owner network:router_interface, device_id the router);
    (interface, network)."""
    try:
        port = ports_db.get(port_id, ctx)
    except ports_db.PortNotFound:
        raise
    if port.row.instance_uuid is not None:
        raise ports_db.PortInUse(f"Port {port_id} is in use by server "
                                 f"{port.row.instance_uuid}.")
    if port.row.address is None:
        raise exceptions.BadRequest(f"Port {port_id} has no IP address: a router "
                                    "interface needs one.")
    if port.row.project_id != router.project_id and not ctx.is_admin:
        raise ports_db.PortNotFound(port_id)
    network = network_subnets.find_subnet(conf, None, port.subnet_uuid).network
    return routers.attach(router, network, port.row.mac_address, port.row), network


def attach(conf, ctx, router, subnet_id: str):
    """Attach the network of the subnet; (interface, network)."""
    found = network_subnets.find_subnet(conf, ctx, subnet_id)
    if found.network is None:
        raise exceptions.BadRequest(f"Subnet {subnet_id} is a floating IP pool's: "
                                    "set it as the router's external gateway.")
    if found.network.project_id not in (None, router.project_id):
        raise network_subnets.SubnetNotFound(subnet_id)
    return routers.attach(router, found.network, ipam.generate_mac()), found.network


def detach(conf, ctx, router, subnet_id: str | None, port_id: str | None):
    """Detach the network of the subnet (or of the interface port)."""
    for iface, router_uuid, network, _ in routers.interfaces([router.id]):
        if network.subnet_uuid == subnet_id or iface.port_uuid == port_id:
            routers.detach(router, network.id)
            return iface, network
    raise exceptions.NotFound(f"Router {router.uuid} has no interface on "
                              f"{'subnet ' + subnet_id if subnet_id else 'port ' + str(port_id)}.")
