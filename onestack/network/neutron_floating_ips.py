"""Floating IPs as the Neutron API takes them: allocated from a pool (an
external network), associated with a port (a fixed IP) by its id, one
floating IP per port. The same rows as the compute API's os-floating-ips;
every change refreshes the network hosts, which NAT what is associated."""
from __future__ import annotations

import ipaddress

from onestack.common import exceptions
from onestack.db import floating_ips as floating_db
from onestack.db import routers as routers_db
from onestack.network import floating_ips as floating_api
from onestack.network import pools
from onestack.network import rpcapi as network_rpcapi


def _typed(error: exceptions.OnestackError, neutron_type: str):
    error.neutron_type = neutron_type
    return error


def not_found(floating_id) -> exceptions.NotFound:
    return _typed(exceptions.NotFound(f"Floating IP {floating_id} could not be found"),
                  "FloatingIPNotFound")


def get(ctx, floating_id: str) -> floating_db.Held:
    try:
        return floating_db.get(str(floating_id), ctx)
    except exceptions.NotFound:
        raise not_found(floating_id)


def list_(ctx) -> list[floating_db.Held]:
    """The caller's floating IPs; an admin's: every allocated one."""
    if ctx.is_admin:
        return [held for held in floating_db.list_all() if held.row.project_id]
    return floating_db.of_project(ctx.project_id)


def routers_of(held_list) -> dict[tuple[int, str], str]:
    """(network row id, pool) -> the router with an interface on that
    network and its gateway on that pool: a floating IP's router_id."""
    if not any(held.fixed_network_id for held in held_list):
        return {}
    gateways = {row.uuid: row.gateway_pool for row in routers_db.list_()}
    return {(network.id, gateways[router_uuid]): router_uuid
            for _iface, router_uuid, network, _ in routers_db.interfaces()
            if gateways.get(router_uuid)}


def _address(value, pool: str) -> str:
    try:
        address = str(ipaddress.IPv4Address(value))
    except (ValueError, TypeError):
        raise _typed(exceptions.BadRequest(
            f"Invalid input for floating_ip_address. Reason: '{value}' is not a "
            "valid IP address."), "InvalidInput")
    if not floating_db.in_pool(address, pool):
        raise _typed(exceptions.BadRequest(
            f"IP address {address} is not a valid IP for the specified network."),
            "InvalidIpForNetwork")
    return address


def _description(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 255:
        raise _typed(exceptions.BadRequest(
            f"Invalid input for description. Reason: '{value}' is not a valid "
            "string of at most 255 characters."), "InvalidInput")
    return value


def create(conf, ctx, pool: str, network_id: str, address=None, port_id=None,
           fixed_address=None, project_id: str | None = None,
           description=None) -> floating_db.Held:
    """A floating IP of the pool for the caller's project (or project_id's,
    for an admin), at address if given, associated with port_id if given:
    all of it or nothing."""
    project = project_id or ctx.project_id
    port = _port(ctx, port_id, fixed_address, project) if port_id is not None else None
    if port is not None:
        _check_reachable(port, pool, network_id)
    wanted = _address(address, pool) if address is not None else None
    text = _description(description)
    try:
        row = floating_db.allocate(conf, project, pool, wanted, text)
    except exceptions.OverQuota:
        raise _typed(exceptions.Conflict("Quota exceeded for resources: "
                                         "['floatingip']."), "OverQuota")
    except floating_db.AddressTaken as error:
        raise _typed(exceptions.Conflict(error.message), "IpAddressAlreadyAllocated")
    except floating_db.NoMoreFloatingIps:
        raise _typed(exceptions.Conflict(
            f"No more IP addresses available on network {network_id}."),
            "IpAddressGenerationFailure")
    if port is not None:
        try:
            _associate(row.id, project, port)
        except exceptions.OnestackError:
            floating_db.release(row.id, project)
            raise
    network_rpcapi.refresh(ctx)
    return floating_db.get(row.uuid)


def _port(ctx, port_id, fixed_address, project_id: str):
    """The fixed IP port_id names, of the floating IP's project; NotFound
    (as Neutron's PortNotFound) for any other."""
    port = floating_db.fixed_ip(str(port_id))
    if port is None or port.reserved or port.project_id != project_id or \
            (not ctx.is_admin and port.project_id != ctx.project_id):
        raise _typed(exceptions.NotFound(f"Port {port_id} could not be found."),
                     "PortNotFound")
    if port.address is None:
        raise _typed(exceptions.BadRequest(
            f"Bad floatingip request: Port {port_id} does not have any IP addresses "
            "on an IPv4 subnet."), "BadRequest")
    if fixed_address is not None and fixed_address != port.address:
        raise _typed(exceptions.BadRequest(
            f"Port {port_id} does not have fixed ip {fixed_address}."),
            "BadRequest")
    return port


def _check_reachable(port, pool: str, network_id: str) -> None:
    """A network attached to routers reaches the pools of their gateways
    only, as Neutron's (404 ExternalGatewayForFloatingIPNotFound otherwise);
    one attached to none is routed by the network host to every pool, as
    nova-network's networks are."""
    gateways = {row.id: row.gateway_pool for row in routers_db.list_()}
    facing = [gateways.get(iface.router_id)
              for iface, _, network, _ in routers_db.interfaces()
              if network.id == port.network_id]
    if facing and pool not in facing:
        raise _typed(exceptions.NotFound(
            f"External network {network_id} is not reachable from the subnet of "
            f"port {port.uuid}. Therefore, cannot associate Port {port.uuid} with "
            "a Floating IP."), "ExternalGatewayForFloatingIPNotFound")


def _associate(floating_row_id: int, project_id: str, port) -> None:
    if not floating_db.associate(floating_row_id, project_id, port.id, alone=True):
        raise _typed(exceptions.Conflict(
            f"Cannot associate floating IP with port {port.uuid} using fixed IP "
            f"{port.address}, as that fixed IP already has a floating IP."),
            "FloatingIpSetupException")


def update(ctx, held: floating_db.Held, changes: dict) -> floating_db.Held:
    """PUT: a new description; with port_id associate with that port
    (moving it from any other), or with None disassociate."""
    description = _description(changes["description"]) \
        if "description" in changes else None
    if "port_id" in changes:
        _move(ctx, held, changes["port_id"], changes.get("fixed_ip_address"))
    if description is not None:
        floating_db.describe(held.row.id, description)
    return get(None, held.row.uuid)


def _move(ctx, held: floating_db.Held, port_id, fixed_address) -> None:
    """An auto-assigned floating IP stays with its server."""
    if held.row.auto_assigned:
        raise _typed(exceptions.Conflict(floating_api.AUTO_ASSIGNED),
                     "FloatingIPAutoAssigned")
    if port_id is None:
        floating_db.clear_association(held.row.id)
    else:
        port = _port(ctx, port_id, fixed_address, held.row.project_id)
        _check_reachable(port, held.row.pool, pools.network_id(held.row.pool))
        if port.id != held.row.fixed_ip_id:
            try:
                _associate(held.row.id, held.row.project_id, port)
            except exceptions.NotFound:
                raise not_found(held.row.uuid)
    network_rpcapi.refresh(ctx)


def delete(ctx, held: floating_db.Held) -> None:
    try:
        floating_api.release(ctx, held)
    except exceptions.Forbidden as error:
        raise _typed(exceptions.Conflict(error.message), "FloatingIPAutoAssigned")
    except exceptions.NotFound:
        raise not_found(held.row.uuid)
