"""Networks and subnets as the networking API makes them, in nova-network
terms: a network made there is a draft until its one subnet is made, which
makes it a nova-network network (the same checks as `network create`:
overlaps, gateway, VLAN and bridge from the network_manager); deleting the
subnet makes it a draft again. Floating IP pools are external networks
(network/pools.py) that this module does not change."""
from __future__ import annotations

import dataclasses
import ipaddress
import json
import uuid

from onestack.common import exceptions
from onestack.db import floating_ips as floating_db
from onestack.db import network_drafts, networks, routers
from onestack.db import ports as ports_db
from onestack.network import api as network_api
from onestack.network import ipam, modes, pools
from onestack.network import rpcapi as network_rpcapi
from onestack.network.subnet_values import (UNSET, GatewayConflict, allocation_pools,
                                            dns_columns, hosts, parse_gateway,
                                            parse_host_routes, parse_pools,
                                            pool_addresses)



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
    externals = pools.external_networks()
    pooled = {ext.id for ext in externals}
    return ([Found(network=row) for row in network_api.visible_networks(conf, ctx)]
            + [Found(draft=row) for row in network_drafts.list_(ctx)
               if row.uuid not in pooled]
            + [Found(external=ext) for ext in externals])


def find(conf, ctx, network_uuid: str) -> Found:
    """The network of this id that ctx sees: a nova-network network, a
    floating IP pool's (an external network made here whose subnet exists
    is its pool), or a draft."""
    try:
        return Found(network=network_api.get_network(conf, ctx, network_uuid))
    except exceptions.NotFound:
        pass
    try:
        return Found(external=pools.get_external(network_uuid))
    except exceptions.NotFound:
        pass
    try:
        return Found(draft=network_drafts.get(network_uuid, ctx))
    except exceptions.NotFound:
        raise NetworkNotFound(network_uuid)


def create_network(conf, ctx, name: str, project_id: str | None,
                   description: str = "", mtu: int | None = None,
                   external: bool = False):
    """A network without a subnet yet (project_id None: shared; external:
    its subnet will make a floating IP pool)."""
    check_mtu(mtu)
    return network_drafts.create(conf, {
        "uuid": str(uuid.uuid4()), "name": name, "description": description,
        "project_id": project_id, "mtu": mtu, "external": external})


def create_networks(conf, ctx, wanted: list[tuple]) -> list:
    """Networks without a subnet, each (name, project_id, description, mtu,
    external): those of one project in one transaction (all or none, its
    quota counted for the batch); None when they are of several projects."""
    projects = {args[1] for args in wanted}
    if len(projects) != 1:
        return None
    for args in wanted:
        check_mtu(args[3])
    return network_drafts.create_many(conf, projects.pop(), [
        {"uuid": str(uuid.uuid4()), "name": name, "description": description,
         "project_id": project, "mtu": mtu, "external": external}
        for name, project, description, mtu, external in wanted])


def check_mtu(mtu: int | None) -> None:
    if mtu is not None and not 68 <= mtu <= 65535:
        raise exceptions.BadRequest(f"Invalid mtu {mtu}: between 68 and 65535.")


def update_network(ctx, found: Found, **values):
    """values: name, description, mtu; external (router:external) only
    while the network has no subnet."""
    if found.external is not None:
        if found.external.draft is None:
            raise exceptions.BadRequest("A floating IP pool's network cannot be "
                                        "changed.")
        if values.pop("external", True) is not True:
            raise exceptions.Conflict(f"Network {found.external.id} holds floating "
                                      "IPs: delete its subnet before it stops being "
                                      "external.")
        return network_drafts.update_draft(found.external.id, **values)
    if found.draft is not None:
        return network_drafts.update_draft(found.draft.uuid, **values)
    if values.pop("external", False):
        raise exceptions.BadRequest(f"Network {found.network.uuid} has a subnet of "
                                    "fixed IPs: only a network without a subnet "
                                    "becomes external here.")
    if "name" in values:
        values["label"] = values.pop("name")
    changed = networks.update_network(found.network.uuid, **values)
    network_rpcapi.refresh(ctx)
    return changed


def delete_network(ctx, found: Found) -> None:
    if found.external is not None:
        _delete_pool(ctx, found.external, NetworkInUse)
        network_drafts.delete_draft(found.external.draft)
        return
    network_uuid = (found.draft or found.network).uuid
    if ports_db.unaddressed_on(network_uuid):
        # Neutron's rule: a port that is not the network's own (DHCP) keeps it
        raise NetworkInUse(f"Unable to complete operation on network {network_uuid}. "
                           "There are one or more ports still in use on the network.")
    if found.draft is not None:
        network_drafts.delete_draft(found.draft)
        return
    network = found.network
    if any(iface.network_id == network.id for iface, _, _, _ in routers.interfaces()):
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


def plan_subnet(conf, found: Found, cidr: str, gateway=UNSET, dns: list | None = None,
                enable_dhcp: bool = True, pools_wanted: list | None = None,
                name: str = "", host_routes: list | None = None) -> dict:
    """The checked values of the nova-network network a draft's subnet makes
    (gateway None: no gateway, UNSET: the first host address), with
    "reserved": the host addresses outside the allocation pools."""
    if found.external is not None:
        raise exceptions.BadRequest("A floating IP pool's network has its subnet: "
                                    "its addresses.")
    if found.network is not None:
        raise exceptions.BadRequest(
            f"Network {found.network.uuid} has a subnet already: a network here has "
            "exactly one IPv4 subnet.")
    subnet = ipam.parse_cidr(cidr)
    gateway_address = None if gateway is None else \
        subnet.network_address + 1 if gateway is UNSET or gateway == "" else \
        parse_gateway(subnet, gateway)
    pools = None if pools_wanted is None else \
        parse_pools(subnet, gateway_address, pools_wanted)
    in_pools = (lambda a: True) if pools is None else \
        (lambda a: any(first <= a <= last for first, last in pools))
    dhcp_server = None
    if gateway_address is None:
        # the network host still needs an address of its own on the bridge
        dhcp_server = next((a for a in hosts(subnet) if not in_pools(a)),
                           pools[0][0] if pools else subnet.network_address + 1)
    host = gateway_address or dhcp_server
    if pools is None and gateway_address is None:
        # Neutron's pools of a subnet without a gateway: every host address
        # (the network host's among them, as Neutron's DHCP port's is)
        pools = [(subnet.network_address + 1, subnet.broadcast_address - 1)]
    reserved = [] if pools_wanted is None else [
        str(a) for a in hosts(subnet) if not in_pools(a) and a != host]
    mode = modes.current(conf)
    defaults = mode.new_networks(1, None)[0]
    return {"cidr": str(subnet), "fixed_cidr": None,
            "gateway": str(gateway_address) if gateway_address else None,
            "dhcp_server": str(dhcp_server) if dhcp_server else None,
            **dns_columns(dns or []),
            "bridge": defaults["bridge"], "bridge_interface": None,
            "vlan": defaults["vlan"], "multi_host": conf.multi_host,
            "mtu": found.draft.mtu, "enable_dhcp": enable_dhcp and mode.dhcp,
            "subnet_name": name,
            "host_routes": parse_host_routes(host_routes) if host_routes else None,
            "allocation_pools": None if pools is None else json.dumps(
                [[str(a), str(b)] for a, b in pools]),
            "reserved": reserved}


def create_subnet(conf, ctx, found: Found, cidr: str, gateway=UNSET,
                  dns: list | None = None, enable_dhcp: bool = True,
                  pools_wanted: list | None = None, name: str = "",
                  host_routes: list | None = None) -> Found:
    """Make the subnet of a draft network: it becomes a nova-network network
    or, for an external one, a floating IP pool of the allocation pools'
    addresses (named by the network's id)."""
    values = plan_subnet(conf, found, cidr, gateway, dns, enable_dhcp, pools_wanted,
                         name, host_routes)
    check_overlap(ctx, found, values["cidr"])
    if found.draft.external:
        try:
            floating_db.create_range(pool_addresses(values), found.draft.uuid,
                                     conf.public_interface)
        except exceptions.Conflict:
            raise SubnetOverlap(values["cidr"], found.draft.uuid) from None
        network_rpcapi.refresh(ctx)
        return Found(external=pools.get_external(found.draft.uuid))
    network = network_drafts.make_network(conf, found.draft, values)
    network_rpcapi.refresh(ctx)
    return Found(network=network)


def _delete_pool(ctx, external, in_use) -> None:
    """The addresses of a pool made here go (with the floating IPs projects
    hold of it, which are not associated: Neutron's deletion of an external
    network's floating IPs); in_use (409) while one is associated."""
    if external.draft is None:
        raise exceptions.Forbidden("A floating IP pool's network is deleted with its "
                                   "addresses (onestack-manage floating delete).")
    held = [row for row in floating_db.list_all() if row.row.pool == external.name]
    if any(row.row.fixed_ip_id is not None for row in held):
        raise in_use(f"Unable to complete operation on network {external.id}. "
                     "There are one or more floating IPs associated on it.")
    floating_db.delete_range([row.row.address for row in held])
    network_rpcapi.refresh(ctx)


def check_overlap(ctx, found: Found, cidr: str) -> None:
    """A new subnet overlaps no network, nor (but an external one, whose
    addresses create_range checks) any floating IP."""
    subnet = ipaddress.IPv4Network(cidr)
    try:
        network_api.check_new_subnet(subnet, found.draft.mtu, ctx)
    except network_api.Overlap:
        raise SubnetOverlap(cidr, found.draft.uuid) from None
    if not found.draft.external and any(
            ipaddress.IPv4Address(held.row.address) in subnet
            for held in floating_db.list_all()):
        raise SubnetOverlap(cidr, found.draft.uuid)


def update_subnet(conf, ctx, found: Found, name: str | None = None, dns=None,
                  gateway=UNSET, host_routes=None, enable_dhcp: bool | None = None):
    if found.network is None:
        raise exceptions.BadRequest("A floating IP pool's subnet cannot be changed.")
    network = found.network
    values = {}
    if name is not None:
        values["subnet_name"] = name
    if dns is not None:
        values.update(dns_columns(dns))
    if host_routes is not None:
        values["host_routes"] = parse_host_routes(host_routes) if host_routes else None
    if enable_dhcp is not None:
        values["enable_dhcp"] = enable_dhcp and modes.current(conf).dhcp
    if gateway is not UNSET and gateway != network.gateway:
        values.update(_moved_gateway(network, gateway))
    changed = networks.update_network(
        network.uuid, {"gateway": network.gateway, "dhcp_server": network.dhcp_server},
        **values) if values else network
    network_rpcapi.refresh(ctx)
    return changed


def _moved_gateway(network, gateway: str | None) -> dict:
    """A new gateway (None: none): the network host keeps its address on the
    bridge (as dhcp_server); the new gateway may be no one's address."""
    subnet = ipaddress.IPv4Network(network.cidr)
    address = None if gateway is None else parse_gateway(subnet, gateway)
    if address is not None:
        if any(ipaddress.IPv4Address(a) <= address <= ipaddress.IPv4Address(b)
               for a, b in allocation_pools(network)) and \
                str(address) != ipam.host_address(network):
            raise GatewayConflict(f"Gateway ip {address} conflicts with allocation "
                                  "pool of the subnet.")
        holder = networks.holder_of(network.id, str(address))
        if holder is not None and not holder.reserved:
            raise exceptions.Conflict(f"Gateway IP {address} is in use by a port of "
                                      f"subnet {network.subnet_uuid}.")
    values = {"gateway": str(address) if address else None}
    if network.dhcp_server is None:
        values["dhcp_server"] = network.gateway
    return values


def delete_subnet(ctx, found: Found) -> None:
    if found.external is not None:
        if found.external.draft is None:
            raise exceptions.Forbidden("A floating IP pool's subnet is its addresses.")
        if any(row.row.pool == found.external.name and row.row.project_id
               for row in floating_db.list_all()):
            raise network_drafts.InUse(
                f"Unable to complete operation on subnet {found.external.subnet_id}: "
                "One or more floating IPs are allocated from this subnet.")
        _delete_pool(ctx, found.external, network_drafts.InUse)
        return
    network_drafts.make_draft(found.network)
    network_rpcapi.refresh(ctx)
