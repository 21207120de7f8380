"""Floating IPs: the public addresses projects allocate from pools and move
between their servers, for the APIs, the build and the network hosts.

Lookups are in the caller's scope: a floating IP of another project is as
one that does not exist. Every change ends with network_rpcapi.refresh, so
that the network hosts compute their NAT rules again; what they compute it
from is associations_for_host_state().
"""
from __future__ import annotations

import dataclasses
import ipaddress
import re

from onestack.common import exceptions
from onestack.compute import instance_changes
from onestack.db import floating_ips, networks
from onestack.network import pools as pools_api
from onestack.network import rpcapi as network_rpcapi

MAX_RANGE = 65536
# a Linux interface name (IFNAMSIZ - 1), as it may reach a command line
INTERFACE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,14}$")
AUTO_ASSIGNED = "Cannot disassociate auto assigned floating IP"


# --- the admin's ranges ----------------------------------------------------------------

def addresses_in_range(ip_range: str) -> list[str]:
    """The addresses `floating create --ip_range` means, as nova-manage read
    it: one address; every address of a /31 or /32; the host addresses
    (without the network and broadcast ones) of a larger CIDR."""
    text = str(ip_range).strip()
    try:
        if "/" not in text:
            return [str(ipaddress.IPv4Address(text))]
        network = ipaddress.IPv4Network(text, strict=False)
    except ValueError as error:
        raise exceptions.BadRequest(f"Invalid ip_range {ip_range!r}: {error}")
    if network.num_addresses > MAX_RANGE:
        raise exceptions.BadRequest(
            f"Too many IP addresses in {ip_range}: at most {MAX_RANGE} at once "
            f"(a /{32 - MAX_RANGE.bit_length() + 1}).")
    hosts = network if network.num_addresses < 4 else network.hosts()
    return [str(address) for address in hosts]


def create_range(conf, ctx, ip_range: str, pool: str | None = None,
                 interface: str | None = None) -> dict:
    """`floating create`: every address of ip_range into the pool (default
    default_floating_pool), on interface (default public_interface)."""
    made = _add_range(conf, ip_range, pool, interface)
    network_rpcapi.refresh(ctx)
    return made


def ensure_default_pool(conf) -> dict | None:
    """Bootstrap's pool: floating_range in default_floating_pool, when no
    floating IP exists and floating_range is set. The network services see
    it when they start."""
    if not conf.floating_range or floating_ips.list_all():
        return None
    return _add_range(conf, conf.floating_range, None, None)


def _add_range(conf, ip_range: str, pool: str | None, interface: str | None) -> dict:
    pool = pool or conf.default_floating_pool
    interface = interface or conf.public_interface
    if not INTERFACE.match(interface or ""):
        raise exceptions.BadRequest(f"Invalid interface {interface!r}: a network "
                                    "interface name of at most 15 characters.")
    if not pool.strip() or len(pool) > 255:
        raise exceptions.BadRequest("A pool name has 1 to 255 characters.")
    count = floating_ips.create_range(addresses_in_range(ip_range), pool, interface)
    return {"ip_range": ip_range, "pool": pool, "interface": interface,
            "count": count}


def delete_range(ctx, ip_range: str) -> int:
    """`floating delete`: the addresses of ip_range go, allocated or not, as
    nova-manage deleted them; their projects get their quota back."""
    deleted = floating_ips.delete_range(addresses_in_range(ip_range))
    network_rpcapi.refresh(ctx)
    return deleted


def pools() -> list[str]:
    return floating_ips.pools()


def list_all(host: str | None = None) -> list[floating_ips.Held]:
    """Every floating IP of every pool; with host, the associated ones that
    host serves."""
    everything = floating_ips.list_all()
    if host is None:
        return everything
    served = {row.address for row in floating_ips.associations()
              if _serving_host(row) == host}
    return [held for held in everything if held.row.address in served]


# --- a project's floating IPs ------------------------------------------------------------

def allocate(conf, ctx, pool: str | None = None) -> floating_ips.Held:
    """A free address of the pool (default_floating_pool when None) for the
    caller's project: NotFound for an unknown or exhausted pool, Forbidden
    over the floating_ips quota (Nova's messages)."""
    name = pool or conf.default_floating_pool
    known = floating_ips.pools()
    if name not in known:
        # Nova over Neutron names a pool by its external network's id too
        # (Tempest's pool=public_network_id)
        name = next((known_name for known_name in known
                     if pools_api.network_id(known_name) == name), None)
        if name is None:
            raise exceptions.NotFound("Floating IP pool not found.")
    where = f" in pool {pool}" if pool else ""
    try:
        row = floating_ips.allocate(conf, ctx.project_id, name)
    except exceptions.OverQuota:
        raise exceptions.OverQuota(f"IP allocation over quota{where}.")
    except floating_ips.NoMoreFloatingIps:
        raise floating_ips.NoMoreFloatingIps(
            f"No more floating IPs{where or ' available'}.")
    network_rpcapi.refresh(ctx)
    return floating_ips.Held(row, None, None)


def get(ctx, floating_uuid: str) -> floating_ips.Held:
    return floating_ips.get(floating_uuid, ctx)


def of_project(ctx) -> list[floating_ips.Held]:
    return floating_ips.of_project(ctx.project_id)


def release(ctx, held: floating_ips.Held) -> None:
    """Give a floating IP (as get() found it) back to its pool, disassociating
    it first, and its project its quota; an auto-assigned one stays with its
    server."""
    if held.row.auto_assigned:
        raise exceptions.Forbidden(AUTO_ASSIGNED)
    if held.row.project_id is None or \
            not floating_ips.release(held.row.id, held.row.project_id):
        raise exceptions.NotFound(f"Floating IP not found for ID {held.row.uuid}")
    network_rpcapi.refresh(ctx)


def associate(ctx, instance, address: str, fixed_address: str | None = None) -> None:
    """Associate a floating IP of the server's project with the server's first
    fixed IP (or fixed_address, which must be one of them), moving it from
    wherever it was."""
    fixed = networks.of_instances([instance.uuid])
    if not fixed:
        raise exceptions.BadRequest("No fixed IPs associated to instance")
    if fixed_address is None:
        target = fixed[0]
    else:
        target = next((row for row in fixed if row.address == fixed_address), None)
        if target is None:
            raise exceptions.BadRequest("Specified fixed address not assigned to "
                                        "instance")
    held = floating_ips.get_by_address(address, instance.project_id)
    if held.row.fixed_ip_id == target.id:
        return
    if held.row.auto_assigned:
        raise exceptions.Forbidden(AUTO_ASSIGNED)
    floating_ips.associate(held.row.id, instance.project_id, target.id)
    instance_changes.changed(ctx, instance.uuid)
    if held.instance_uuid not in (None, instance.uuid):
        instance_changes.changed(ctx, held.instance_uuid)
    network_rpcapi.refresh(ctx)


def disassociate(ctx, instance, address: str) -> None:
    """Disassociate a floating IP of the server's project from the server:
    Conflict when it is not associated with that server."""
    held = floating_ips.get_by_address(address, instance.project_id)
    if held.instance_uuid != instance.uuid:
        raise _not_associated(address, instance.uuid)
    if held.row.auto_assigned:
        raise exceptions.Forbidden(AUTO_ASSIGNED)
    if not floating_ips.disassociate(held.row.id, held.row.fixed_ip_id):
        raise _not_associated(address, instance.uuid)
    instance_changes.changed(ctx, instance.uuid)
    network_rpcapi.refresh(ctx)


def _not_associated(address: str, instance_uuid: str) -> exceptions.Conflict:
    return exceptions.Conflict(f"Floating IP {address} is not associated with "
                               f"instance {instance_uuid}.")


# --- auto-assignment at boot ----------------------------------------------------------------

def auto_assign(conf, ctx, instance) -> None:
    """With auto_assign_floating_ip, give a booting server's first fixed IP
    an address of default_floating_pool; the boot fails (NotFound) when the
    pool is exhausted. A server without fixed IPs gets none; one that has
    its address already keeps it (a repeated build)."""
    if not conf.auto_assign_floating_ip:
        return
    fixed = networks.of_instances([instance.uuid])
    if not fixed or floating_ips.by_fixed_ip([row.id for row in fixed]):
        return
    pool = conf.default_floating_pool
    if pool not in floating_ips.pools():
        raise exceptions.NotFound(f"Floating IP pool {pool} not found: no floating "
                                  "IP can be auto-assigned.")
    floating_ips.auto_assign(instance.project_id, pool, fixed[0].id)
    network_rpcapi.refresh(ctx)


def release_auto_assigned(ctx, instance_uuid: str) -> None:
    """Give back what auto_assign gave the instance; giving back what is
    given back does nothing."""
    if floating_ips.release_auto_assigned(instance_uuid):
        network_rpcapi.refresh(ctx)


# --- what the network hosts realize -----------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Association:
    """A floating IP associated with a fixed IP, as a network host NATs it:
    DNAT of address to fixed_address and SNAT back, with address added to
    interface, on host."""
    address: str
    fixed_address: str
    interface: str
    host: str | None        # None: no network service has taken the network yet
    instance_uuid: str | None
    network_uuid: str


def associations_for_host_state(conf, host: str | None = None) -> list[Association]:
    """Every associated floating IP (those served by host, when given), in
    the order they were created.

    The host is the one that serves the fixed IP: the network's host, or for
    a multi_host network the fixed IP's own (its instance's compute host).
    The interface is public_interface when it is set, else the one the
    floating range was created on, as in nova-network."""
    return [Association(row.address, row.fixed_address,
                        conf.public_interface or row.interface, _serving_host(row),
                        row.instance_uuid, row.network_uuid)
            for row in floating_ips.associations()
            if host is None or _serving_host(row) == host]


def _serving_host(row) -> str | None:
    return row.fixed_host if row.multi_host else row.network_host
