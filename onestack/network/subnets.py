"""Networks and subnets as the networking API makes them, in nova-network
terms: a network made there is a draft until its one subnet is made, which
makes it a nova-network network (the same checks as `network create`:
overlaps, gateway, VLAN and bridge from the network_manager); deleting the
subnet makes it a draft again. Floating IP pools are external networks
(network/pools.py) that this module does not change."""
from __future__ import annotations

import dataclasses
import ipaddress
import uuid

from onestack.common import exceptions
from onestack.db import network_drafts, networks, routers
from onestack.network import api as network_api
from onestack.network import ipam, modes, pools
from onestack.network import rpcapi as network_rpcapi

MAX_DNS = 2


class NetworkInUse(exceptions.Conflict):
    neutron_type = "NetworkInUse"


class NetworkNotFound(exceptions.NotFound):
    neutron_type = "NetworkNotFound"

    def __init__(self, network_uuid: str):
        super().__init__(f"Network {network_uuid} could not be found.")


class SubnetNotFound(exceptions.NotFound):
    neutron_type = "SubnetNotFound"

    def __init__(self, subnet_uuid: str):
        super().__init__(f"Subnet {subnet_uuid} could not be found.")


class SubnetOverlap(exceptions.BadRequest):
    """Neutron without overlapping IPs says 400 InvalidInput, in words that
    clients (Tempest's per-project network setup) look for to try the next CIDR."""
    neutron_type = "InvalidInput"

    def __init__(self, cidr, network_uuid: str):
        super().__init__(f"Requested subnet with cidr: {cidr} for network: "
                         f"{network_uuid} overlaps with another subnet.")


@dataclasses.dataclass(frozen=True)
class Found:
    """A network as the networking API has it: exactly one of the three."""
    network: object = None      # models.Network
    draft: object = None        # models.NetworkDraft
    external: object = None     # pools.ExternalNetwork


def all_networks(conf, ctx) -> list[Found]:
    return ([Found(network=row) for row in network_api.visible_networks(conf, ctx)]
            + [Found(draft=row) for row in network_drafts.list_(ctx)]
            + [Found(external=ext) for ext in pools.external_networks()])


def find(conf, ctx, network_uuid: str) -> Found:
    try:
        return Found(network=network_api.get_network(conf, ctx, network_uuid))
    except exceptions.NotFound:
        pass
    try:
        return Found(draft=network_drafts.get(network_uuid, ctx))
    except exceptions.NotFound:
        pass
    try:
        return Found(external=pools.get_external(network_uuid))
    except exceptions.NotFound:
        raise NetworkNotFound(network_uuid)


def create_network(conf, ctx, name: str, project_id: str | None,
                   description: str = "", mtu: int | None = None):
    """A network without a subnet yet (project_id None: shared)."""
    if mtu is not None and not 68 <= mtu <= 65535:
        raise exceptions.BadRequest(f"Invalid mtu {mtu}: between 68 and 65535.")
    return network_drafts.create(conf, {
        "uuid": str(uuid.uuid4()), "name": name, "description": description,
        "project_id": project_id, "mtu": mtu})


def update_network(ctx, found: Found, **values):
    if found.external is not None:
        raise exceptions.BadRequest("A floating IP pool's network cannot be changed.")
    if found.draft is not None:
        return network_drafts.update_draft(found.draft.uuid, **values)
    if "name" in values:
        values["label"] = values.pop("name")
    changed = networks.update_network(found.network.uuid, **values)
    network_rpcapi.refresh(ctx)
    return changed


def delete_network(ctx, found: Found) -> None:
    if found.external is not None:
        raise exceptions.Forbidden("A floating IP pool's network is deleted with its "
                                   "addresses (onestack-manage floating delete).")
    if found.draft is not None:
        network_drafts.delete_draft(found.draft)
        return
    network = found.network
    if any(iface.network_id == network.id for iface, _, _ in routers.interfaces()):
        raise NetworkInUse(f"Unable to complete operation on network {network.uuid}. "
                           "There are one or more ports still in use on the network.")
    try:
        if network.project_id is None:
            network_api.delete_network(ctx, network.uuid)
        else:
            network_api.delete_project_network(ctx, network)
    except exceptions.Conflict as error:
        raise NetworkInUse(f"Unable to complete operation on network {network.uuid}. "
                           f"There are one or more ports still in use on the network "
                           f"({error.message})")


# --- subnets -----------------------------------------------------------------------

def visible_subnets(conf, ctx) -> list[Found]:
    """The networks whose subnet ctx sees: a pool's subnet is the
    administrator's, as an external network's subnet is in Neutron (projects
    see the network, to take floating IPs from it, not its subnet)."""
    return [found for found in all_networks(conf, ctx) if subnet_of(found)
            and (found.external is None or ctx is None or ctx.is_admin)]


def find_subnet(conf, ctx, subnet_uuid: str) -> Found:
    for found in visible_subnets(conf, ctx):
        if subnet_of(found) == subnet_uuid:
            return found
    raise SubnetNotFound(subnet_uuid)


def subnet_of(found: Found) -> str | None:
    if found.network is not None:
        return found.network.subnet_uuid
    if found.external is not None:
        return found.external.subnet_id
    return None


def allocation_pools(network) -> list[tuple[str, str]]:
    """The (first, last) ranges of addresses the network hands out."""
    subnet = ipam.Subnet.of(network.cidr, network.gateway, network.fixed_cidr)
    low = max(int(subnet.allocatable.network_address),
              int(subnet.network.network_address) + 1)
    high = min(int(subnet.allocatable.broadcast_address),
               int(subnet.network.broadcast_address) - 1)
    ranges, gateway = [], int(subnet.gateway)
    if low <= gateway <= high:
        ranges = [(low, gateway - 1), (gateway + 1, high)]
    else:
        ranges = [(low, high)]
    return [(str(ipaddress.IPv4Address(a)), str(ipaddress.IPv4Address(b)))
            for a, b in ranges if a <= b]


def create_subnet(conf, ctx, found: Found, cidr: str, gateway: str | None = None,
                  dns: list | None = None, enable_dhcp: bool = True,
                  pools_wanted: list | None = None, name: str = ""):
    """Make the subnet of a draft network: it becomes a nova-network network."""
    if found.external is not None:
        raise exceptions.BadRequest("A floating IP pool's network has its subnet: "
                                    "its addresses.")
    if found.network is not None:
        raise exceptions.BadRequest(
            f"Network {found.network.uuid} has a subnet already: a network here has "
            "exactly one IPv4 subnet.")
    draft = found.draft
    subnet = ipam.parse_cidr(cidr)
    gateway_address = ipam.parse_address(gateway, "gateway_ip") if gateway \
        else subnet.network_address + 1
    if gateway_address not in subnet or gateway_address in (
            subnet.network_address, subnet.broadcast_address):
        raise exceptions.BadRequest(f"Gateway IP {gateway_address} is not a host "
                                    f"address of {subnet}.")
    dns = [str(ipam.parse_address(d, "dns_nameservers")) for d in (dns or [])]
    if len(dns) > MAX_DNS:
        raise exceptions.BadRequest(f"At most {MAX_DNS} dns_nameservers here.")
    mode = modes.current(conf)
    try:
        network_api.check_new_subnet(subnet, draft.mtu, ctx)
    except network_api.Overlap:
        raise SubnetOverlap(subnet, draft.uuid) from None
    defaults = mode.new_networks(1, None)[0]
    values = {"cidr": str(subnet), "fixed_cidr": None, "gateway": str(gateway_address),
              "dns1": dns[0] if dns else None, "dns2": dns[1] if len(dns) > 1 else None,
              "bridge": defaults["bridge"], "bridge_interface": None,
              "vlan": defaults["vlan"], "multi_host": conf.multi_host,
              "mtu": draft.mtu, "enable_dhcp": enable_dhcp and mode.dhcp,
              "subnet_name": name}
    if pools_wanted is not None:
        _check_pools(subnet, gateway_address, pools_wanted)
    network = network_drafts.make_network(conf, draft, values)
    network_rpcapi.refresh(ctx)
    return network


def _check_pools(subnet, gateway, wanted: list) -> None:
    probe = type("Probe", (), {"cidr": str(subnet), "gateway": str(gateway),
                               "fixed_cidr": None})
    default = allocation_pools(probe)
    given = [(str(ipam.parse_address(p.get("start"), "start")),
              str(ipam.parse_address(p.get("end"), "end"))) for p in wanted]
    if given != default:
        raise exceptions.BadRequest(
            "A subnet here hands out every host address but its gateway: "
            f"allocation_pools must be {default} or left out.")


def update_subnet(ctx, found: Found, name: str | None = None, dns=None):
    if found.network is None:
        raise exceptions.BadRequest("A floating IP pool's subnet cannot be changed.")
    values = {}
    if name is not None:
        values["subnet_name"] = name
    if dns is not None:
        dns = [str(ipam.parse_address(d, "dns_nameservers")) for d in dns]
        if len(dns) > MAX_DNS:
            raise exceptions.BadRequest(f"At most {MAX_DNS} dns_nameservers here.")
        values.update(dns1=dns[0] if dns else None, dns2=dns[1] if len(dns) > 1 else None)
    changed = networks.update_network(found.network.uuid, **values) if values \
        else found.network
    network_rpcapi.refresh(ctx)
    return changed


def delete_subnet(ctx, found: Found) -> None:
    if found.network is None:
        raise exceptions.Forbidden("A floating IP pool's subnet is its addresses.")
    network_drafts.make_draft(found.network)
    network_rpcapi.refresh(ctx)
