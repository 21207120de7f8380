"""The network service's logic for the APIs and the other services: networks,
the fixed IPs an instance holds, and how servers show them. It reads and
writes the database and tells the network hosts to converge (rpcapi)."""
from __future__ import annotations

import collections
import ipaddress
import json
import re

from oslo_log import log as logging

from onestack.common import exceptions
from onestack.compute import instance_changes
from onestack.db import floating_ips, instances, networks
from onestack.network import ipam, modes
from onestack.network import ports as network_ports
from onestack.network import rpcapi as network_rpcapi
from onestack.virt.driver import Interface

LOG = logging.getLogger(__name__)


# --- networks -----------------------------------------------------------------
# What the admin (os-networks, onestack-manage network/project) and projects
# (os-tenant-networks) do with networks. Each change that network hosts must
# apply ends with a refresh cast, except from onestack-manage (ctx None):
# the hosts apply those at their next refresh.

# a name the kernel takes for a bridge or an interface (IFNAMSIZ - 1)
INTERFACE_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,14}$")


def create_networks(conf, label: str, cidr: str, num_networks: int | None = None,
                    network_size: int | None = None, vlan: int | None = None,
                    bridge: str | None = None, bridge_interface: str | None = None,
                    multi_host: bool | None = None, dns1: str | None = None,
                    dns2: str | None = None, project_id: str | None = None,
                    fixed_cidr: str | None = None, gateway: str | None = None,
                    mtu: int | None = None, enable_dhcp: bool = True,
                    ctx=None) -> list:
    """`network create`: num_networks networks of network_size addresses cut
    from cidr (one network of all of it by default), named label (label_N
    when several), all made or none; VLAN ids and bridges as the
    network_manager gives them. With project_id they are that project's,
    within its `networks` quota."""
    if not label or len(label) > 255:
        raise exceptions.BadRequest("A network needs a label of 1 to 255 characters.")
    whole = ipam.parse_cidr(cidr)
    count = num_networks or 1
    if count == 1 and not network_size:
        subnets = [whole]
    else:
        subnets = ipam.split(whole, count, network_size or conf.network_size)
    fixed = ipam.parse_cidr(fixed_cidr, "fixed_cidr") if fixed_cidr else None
    if fixed is not None and count > 1:
        raise exceptions.BadRequest("fixed_cidr is for one network at a time.")
    mode = modes.current(conf)
    _check_interfaces(bridge, bridge_interface, count, mode)
    _check_mtu(mtu)
    _check_overlaps(subnets, ctx)
    dns = [str(ipam.parse_address(d, "dns")) for d in (dns1, dns2) if d] or \
        conf.dns_server[:2]
    rows = []
    for index, (subnet, defaults) in enumerate(zip(subnets,
                                                   mode.new_networks(count, vlan))):
        ipam.check_fixed_cidr(subnet, fixed)
        gateway_address = ipam.parse_address(gateway, "gateway") if gateway \
            else subnet.network_address + 1
        if gateway_address not in subnet:
            raise exceptions.BadRequest(f"Gateway {gateway_address} is not in {subnet}.")
        rows.append({
            "label": label if count == 1 else f"{label}_{index}",
            "cidr": str(subnet), "fixed_cidr": str(fixed) if fixed else None,
            "gateway": str(gateway_address),
            "dns1": dns[0] if dns else None, "dns2": dns[1] if len(dns) > 1 else None,
            "bridge": bridge or defaults["bridge"], "bridge_interface": bridge_interface,
            "vlan": defaults["vlan"], "project_id": project_id,
            "multi_host": conf.multi_host if multi_host is None else multi_host,
            "mtu": mtu, "enable_dhcp": enable_dhcp and mode.dhcp})
    created = networks.create_many(rows, conf)
    _changed(ctx)
    return created


def _check_interfaces(bridge, bridge_interface, count: int, mode) -> None:
    for name, value in (("bridge", bridge), ("bridge_interface", bridge_interface)):
        if value is not None and not INTERFACE_NAME.match(value):
            raise exceptions.BadRequest(
                f"Invalid {name} {value!r}: an interface name is 1 to 15 letters, "
                "digits, '_', '.' or '-', not starting with a punctuation mark.")
    if bridge and count > 1 and mode.per_project:
        raise exceptions.BadRequest("Under VlanManager each network has its own "
                                    "bridge: give bridge for one network at a time.")


def _check_mtu(mtu) -> None:
    if mtu is not None and not 68 <= mtu <= 65535:
        raise exceptions.BadRequest(f"Invalid mtu {mtu}: an IPv4 MTU is between 68 "
                                    "and 65535.")


def ensure_default_network(conf) -> list:
    """Bootstrap's networks when there are none: `private` from fixed_range,
    which every project shares; under VlanManager the pool of num_networks
    networks of network_size that projects get one at a time."""
    if networks.list_():
        return []
    if modes.current(conf).per_project:
        return create_networks(conf, "private", conf.fixed_range, conf.num_networks,
                               conf.network_size)
    return create_networks(conf, "private", conf.fixed_range)


def check_new_subnet(subnet, mtu, ctx) -> None:
    """What `network create` checks of one network's CIDR and MTU."""
    _check_mtu(mtu)
    _check_overlaps([subnet], ctx)


class Overlap(exceptions.Conflict):
    """A new network's CIDR overlaps an existing network's."""


def _check_overlaps(subnets, ctx=None) -> None:
    """Conflict if a subnet overlaps a network; a project is not told which
    (it may be another project's)."""
    for existing in networks.list_():
        for subnet in subnets:
            if subnet.overlaps(ipaddress.IPv4Network(existing.cidr)):
                which = f"network {existing.label} ({existing.cidr})" if \
                    ctx is None or ctx.is_admin else "an existing network"
                raise Overlap(f"{subnet} overlaps {which}.")


def _changed(ctx) -> None:
    if ctx is not None:
        network_rpcapi.refresh(ctx)


def visible_networks(conf, ctx) -> list:
    """The networks ctx sees: an admin every one; a project its own and,
    under the flat managers, the shared ones (under VlanManager a network
    nobody has is the pool's, not everyone's)."""
    return networks.list_(ctx, shared_too=not modes.current(conf).per_project)


def get_network(conf, ctx, network_uuid: str):
    """A network ctx sees (visible_networks), else NotFound."""
    return networks.get(network_uuid, ctx, shared=not modes.current(conf).per_project)


def dhcp_start(network) -> str | None:
    """The first address the network hands out."""
    subnet = ipam.Subnet.of_network(network)
    first = next(subnet.free_addresses(set()), None)
    return None if first is None else str(first)


def find_network(uuid_or_cidr: str | None):
    """The network with this uuid or CIDR (`network delete`)."""
    if not uuid_or_cidr:
        raise exceptions.BadRequest("Name the network by its uuid or CIDR.")
    for network in networks.list_():
        if uuid_or_cidr in (network.uuid, network.cidr):
            return network
    raise exceptions.NotFound(f"Network {uuid_or_cidr} could not be found.")


def delete_network(ctx, network_uuid: str) -> None:
    networks.delete_network(network_uuid)
    _changed(ctx)


def add_to_project(conf, ctx, project_id: str, network_uuid: str | None) -> object:
    """Associate the network (None: a free one of the VlanManager pool) with
    the project; BadRequest if there is no such network or none is free."""
    if network_uuid is None:
        if not modes.current(conf).per_project:
            raise exceptions.BadRequest(
                "Networks nobody has are shared under the flat managers: name the "
                "network to associate.")
        network = networks.associate_free_network(conf, project_id)
        if network is None:
            raise exceptions.BadRequest("No more networks available: every network "
                                        "is associated with a project.")
    else:
        try:
            network = networks.associate_project(conf, network_uuid, project_id)
        except exceptions.NotFound as error:
            raise exceptions.BadRequest(error.message)
    _changed(ctx)
    return network


def disassociate(ctx, network_uuid: str, project: bool = True, host: bool = True):
    network = networks.disassociate(network_uuid, project=project, host=host)
    _changed(ctx)
    return network


def associate_host(ctx, network_uuid: str, host: str):
    """Have host's network service serve the network."""
    network = networks.update_network(network_uuid, host=host)
    _changed(ctx)
    return network


def delete_project_network(ctx, network) -> None:
    """os-tenant-networks: disassociate and delete a network of a project,
    giving back its quota."""
    networks.delete_project_network(network.uuid, network.project_id)
    _changed(ctx)


def scrub_project(project_id: str, ctx=None) -> list:
    """Release the project's networks (`project scrub`): they return to the
    pool; Conflict, releasing none, while servers hold addresses in one."""
    released = networks.release_project(project_id)
    if released:
        _changed(ctx)
    return released


# --- fixed IPs for the admin ------------------------------------------------------------

def fixed_ip(address: str) -> dict:
    """What os-fixed-ips shows of an address: its network's CIDR, whether it
    is reserved, and the hostname and host of the server holding it (None
    when it is free). NotFound if no network has it, BadRequest if it is no
    address."""
    address = _ipv4(address)
    network, holder = networks.find_address(address)
    instance = None
    if holder is not None and holder.instance_uuid is not None:
        try:
            instance = instances.get(holder.instance_uuid, read_deleted=True)
        except exceptions.NotFound:
            pass  # deleted meanwhile; so is the address
    return {"address": address, "cidr": network.cidr,
            "hostname": instance.hostname if instance else None,
            "host": instance.host if instance else None,
            "reserved": bool(holder is not None and holder.reserved)}


def reserve_fixed_ip(address: str, reserved: bool = True) -> None:
    (networks.reserve if reserved else networks.unreserve)(_ipv4(address))


def _ipv4(address: str) -> str:
    """address, if it is an IPv4 one; an IPv6 address is in no network here."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise exceptions.BadRequest(f"Fixed IP address {address} is not a valid IP "
                                    "address.")
    if parsed.version == 6:
        raise exceptions.NotFound(f"Fixed IP {address} does not belong to any network.")
    return str(parsed)


# --- the networks a boot asks for ---------------------------------------------------

def requested_networks(conf, ctx, networks_value) -> list[dict] | str:
    """The `networks` of a boot request, checked in the caller's scope:
    "auto" (also for an absent value), [] for "none", or entries
    {"uuid", "fixed_ip"} whose networks the caller may use: its project's,
    and the shared ones unless projects get networks of their own (under
    VlanManager a network nobody has is the pool's). Any other is as one
    that does not exist: 400."""
    if networks_value in (None, "auto"):
        return "auto"
    if networks_value == "none":
        return []
    checked = []
    for entry in networks_value:
        if entry.get("port"):
            port = network_ports.for_boot(ctx, entry["port"])
            checked.append({"uuid": port.network_uuid, "fixed_ip": None,
                            "port": port.row.uuid})
            continue
        network_uuid = entry.get("uuid")
        try:
            network = networks.get(network_uuid, ctx,
                                   shared=not modes.current(conf).per_project)
        except exceptions.NotFound:
            raise exceptions.BadRequest(f"Network {network_uuid} could not be found.")
        fixed_ip = entry.get("fixed_ip")
        if fixed_ip is not None:
            subnet = ipam.Subnet.of_network(network)
            if not subnet.may_give(ipam.parse_address(fixed_ip, "fixed_ip")):
                raise exceptions.BadRequest(
                    f"Fixed IP {fixed_ip} is not an address network {network_uuid} "
                    "hands out.")
        checked.append({"uuid": network.uuid, "fixed_ip": fixed_ip})
    return checked


# --- an instance's fixed IPs ----------------------------------------------------------

def allocate_for_instance(conf, ctx, instance) -> list:
    """Hold an address on each network the boot asked for (or, for "auto",
    each of the project's networks); what the instance holds already is
    kept, so a repeated build allocates nothing twice. On failure what this
    call took is given back."""
    held = networks.of_instances([instance.uuid])
    if held:
        return held
    wanted = json.loads(instance.request_spec or "{}").get("networks", "auto")
    if wanted in (None, "auto"):
        targets = [(network, None) for network in
                   modes.current(conf).networks_for(instance.project_id)]
    else:
        targets = [(networks.get(entry["uuid"]), entry.get("fixed_ip"),
                    entry.get("port")) for entry in wanted]
    taken = []
    try:
        for index, (network, fixed_ip, *port) in enumerate(targets):
            host = instance.host if network.multi_host else None
            if port and port[0]:
                taken.append(network_ports.bind_at_boot(instance, port[0], host, index))
                continue
            taken.append(networks.allocate(
                network, instance.uuid, instance.project_id, host=host,
                address=fixed_ip, interface_index=index))
    except Exception:
        networks.release_instance(instance.uuid)
        raise
    if taken:
        network_rpcapi.refresh(ctx)
    return taken


def deallocate_for_instance(conf, ctx, instance_uuid: str) -> None:
    """Give back the instance's addresses (and so disassociate its floating
    IPs); releasing what is released does nothing."""
    if networks.release_instance(instance_uuid):
        instance_changes.changed(ctx, instance_uuid)
        network_rpcapi.refresh(ctx)


def interfaces_of(instance_uuid: str) -> tuple[Interface, ...]:
    """The instance's interfaces as the virt driver plugs them."""
    rows = networks.of_instances([instance_uuid])
    by_id = {network.id: network for network in
             map(networks.get_by_id, {row.network_id for row in rows})}
    return tuple(_interface(row, by_id[row.network_id]) for row in rows)


def _interface(row, network) -> Interface:
    prefix = ipaddress.IPv4Network(network.cidr).prefixlen
    return Interface(id=row.uuid, mac=row.mac_address, bridge=network.bridge,
                     addresses=(f"{row.address}/{prefix}",), gateway=network.gateway,
                     network_label=network.label)


# --- how servers show their addresses ---------------------------------------------

def addresses_of(instance_uuids) -> dict[str, dict[str, list[dict]]]:
    """uuid -> {network label: [fixed address, its floating addresses, ...]}
    in the compute API's form."""
    rows = networks.of_instances(instance_uuids)
    labels = {n.id: n.label for n in networks.list_()} if rows else {}
    floating = floating_ips.by_fixed_ip([row.id for row in rows])
    result: dict[str, dict[str, list[dict]]] = {u: {} for u in instance_uuids}
    for row in rows:
        entries = result[row.instance_uuid].setdefault(labels[row.network_id], [])
        entries.append(_address(row.address, "fixed", row.mac_address))
        entries.extend(_address(address, "floating", row.mac_address)
                       for address in floating.get(row.id, ()))
    return result


def _address(address: str, kind: str, mac: str) -> dict:
    return {"version": 4, "addr": address, "OS-EXT-IPS:type": kind,
            "OS-EXT-IPS-MAC:mac_addr": mac}


def instances_with_address(matches) -> set[str]:
    """Instances holding a fixed or floating address for which matches(address)
    is true (the `ip` filter of server lists)."""
    holders = collections.defaultdict(set)
    rows = networks.of_all_instances()
    floating = floating_ips.by_fixed_ip(None)
    for row in rows:
        holders[row.address].add(row.instance_uuid)
        for address in floating.get(row.id, ()):
            holders[address].add(row.instance_uuid)
    return {uuid for address, uuids in holders.items() if matches(address)
            for uuid in uuids}
