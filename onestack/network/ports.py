"""Ports as the networking API has them: each fixed IP a server or the API
holds is a port (device_id: its server), and each network attached to a
router has the router's port on its gateway address."""
from __future__ import annotations

import dataclasses
import uuid

from onestack.common import exceptions
from onestack.db import floating_ips as floating_ips_db
from onestack.db import networks, ports, project_usage, quotas, routers
from onestack.db import security_groups as groups_db
from onestack.network import ipam, pools
from onestack.network import rpcapi as network_rpcapi
from onestack.network import security_groups

ROUTER_OWNER = "network:router_interface"
GATEWAY_OWNER = "network:router_gateway"


NoMoreAddresses = networks.NoMoreAddresses


class MacAddressInUse(exceptions.Conflict):
    neutron_type = "MacAddressInUse"


class IpAddressAlreadyAllocated(exceptions.Conflict):
    neutron_type = "IpAddressAlreadyAllocated"


@dataclasses.dataclass(frozen=True)
class RouterPort:
    """A router's interface on a network (its gateway address, or the
    address of the port it was made from), or its gateway on a pool."""
    id: str
    router_id: str
    project_id: str | None
    network_uuid: str
    subnet_uuid: str
    address: str
    mac_address: str
    created_at: object
    owner: str = ROUTER_OWNER


def list_ports(ctx, device_id: str | None = None, conf=None) -> list:
    """The ports ctx sees: fixed IPs, then routers' interfaces (and, for the
    administrator, their gateways)."""
    found = ports.list_(ctx, device_id)
    return found + [port for port in router_ports(ctx, conf=conf)
                    if device_id in (None, port.router_id)]


def gateway_port(conf, router) -> RouterPort | None:
    """A router's gateway on its pool's network. The network host's NAT
    sends a project network's traffic out from its routing source address
    (my_ip), so that is the address the gateway port shows; its id and MAC
    are derived from the router's, as nothing else holds it."""
    if router.gateway_pool is None:
        return None
    port_id = str(uuid.uuid5(uuid.UUID(router.uuid), "router-gateway"))
    mac = ipam.MAC_PREFIX + "".join(f":{b:02x}" for b in uuid.UUID(port_id).bytes[:3])
    return RouterPort(port_id, router.uuid, "", pools.network_id(router.gateway_pool),
                      pools.subnet_id(router.gateway_pool), conf.my_ip, mac,
                      router.updated_at or router.created_at, GATEWAY_OWNER)


def router_ports(ctx, router_ids=None, conf=None) -> list[RouterPort]:
    """Routers' interfaces ctx sees; with conf, the gateway ports too, which
    only the administrator sees (Neutron's belong to no project)."""
    rows = routers.interfaces(router_ids)
    visible = {row.id for row in routers.list_(ctx)} if ctx is not None and \
        not ctx.is_admin else None
    found = [RouterPort(iface.port_uuid, router_uuid, network.project_id, network.uuid,
                        network.subnet_uuid, address or network.gateway,
                        iface.mac_address, iface.created_at)
             for iface, router_uuid, network, address in rows
             if visible is None or iface.router_id in visible]
    if conf is not None and (ctx is None or ctx.is_admin):
        found += [port for port in (gateway_port(conf, row) for row in routers.list_())
                  if port is not None]
    return found


def get_port(ctx, port_uuid: str, conf=None):
    try:
        return ports.get(port_uuid, ctx)
    except ports.PortNotFound:
        for port in router_ports(ctx, conf=conf):
            if port.id == port_uuid:
                return port
        raise


def groups_of(found) -> dict[str, list]:
    """port uuid -> its security groups: a bound port's are its server's."""
    consumer = {port.row.uuid: port.row.instance_uuid or port.row.uuid
                for port in found if isinstance(port, ports.Port)}
    by_consumer = groups_db.groups_of(set(consumer.values()))
    return {uuid: by_consumer.get(owner, []) for uuid, owner in consumer.items()}


def check_quota(conf, project_id: str, count: int) -> None:
    """OverQuota unless the project may hold count more ports."""
    limit = quotas.limits(conf, project_id).get("fixed_ips", -1)
    quotas.check("fixed_ips", project_usage.ports(project_id), count, limit)


def create_port(conf, ctx, network, address: str | None = None, name: str = "",
                group_ids=None, description: str = "", admin_state_up: bool = True,
                project_id: str | None = None, draft=None, **binding):
    """Reserve an address of network as a port no server has yet (the boot
    of `--nic port-id=` takes it), in the given security groups (default:
    the project's default group). On a draft (a network without a subnet)
    the port has no address."""
    groups = _groups(ctx, group_ids)
    project_id = project_id or ctx.project_id
    if binding.get("mac_address") and ports.mac_in_use(binding["mac_address"]):
        raise MacAddressInUse(f"Unable to complete operation for network "
                              f"{(network or draft).uuid}. The mac address "
                              f"{binding['mac_address']} is in use.")
    values = dict(name=name, description=description, admin_state_up=admin_state_up,
                  **binding)
    if draft is not None:
        row = ports.create_unaddressed(draft.uuid, project_id, **values)
    else:
        row = networks.allocate(network, None, project_id, address=address,
                                preserve_on_delete=True, **values)
    groups_db.bind([row.uuid], [group.id for group in groups])
    return ports.get(row.uuid)


def _groups(ctx, group_ids) -> list:
    if group_ids is None:
        return [security_groups.ensure_default(ctx)]
    return [security_groups.get_group(ctx, group_id) for group_id in group_ids]


def refuse_pool_address(external, fixed_ips) -> None:
    """A port on a pool's network naming an address of the pool that a
    project holds as a floating IP: Neutron's 409 IpAddressAlreadyAllocated."""
    wanted = {fixed.get("ip_address") for fixed in fixed_ips or []
              if isinstance(fixed, dict)}
    for held in floating_ips_db.list_all():
        if held.row.pool == external.name and held.row.address in wanted and \
                held.row.project_id is not None:
            raise IpAddressAlreadyAllocated(
                f"IP address {held.row.address} already allocated in subnet "
                f"{external.subnet_id}")


def update_port(ctx, port, group_ids=None, **values):
    if isinstance(port, RouterPort):
        if not values and group_ids is None:
            return port
        raise exceptions.Conflict(f"Port {port.id} is a router's {port.owner}: change "
                                  "the router.")
    if values:
        ports.update_port(port.row.uuid, **values)
    if group_ids is not None:
        wanted = {group.id for group in _groups(ctx, group_ids)}
        consumer = port.row.instance_uuid or port.row.uuid
        held = {group.id for group in groups_db.groups_of([consumer])[consumer]}
        groups_db.bind([consumer], wanted - held)
        for group_id in held - wanted:
            groups_db.unbind(consumer, group_id)
        network_rpcapi.refresh(ctx)
    return ports.get(port.row.uuid)


def delete_port(ctx, port) -> None:
    if isinstance(port, RouterPort):
        raise ports.PortInUse(f"Port {port.id} cannot be deleted directly via the "
                              f"port API: has device owner {port.owner}.")
    ports.delete_unbound(port.row.uuid)


# --- the boot of a server with ports ------------------------------------------------

def for_boot(ctx, port_uuid: str):
    """The port a boot names, if ctx has it and no server holds it."""
    try:
        port = ports.get(port_uuid, ctx)
    except ports.PortNotFound:
        raise exceptions.BadRequest(f"Port id {port_uuid} could not be found.")
    if port.row.instance_uuid is not None:
        raise ports.PortInUse(f"Port {port_uuid} is still in use.")
    if port.row.address is None:
        raise exceptions.BadRequest(f"Port {port_uuid} has no IP address: it was made "
                                    "before its network had a subnet.")
    return port


def bind_at_boot(instance, port_uuid: str, host: str | None, index: int):
    """Give the port to the instance, which takes on its security groups."""
    row = ports.bind(port_uuid, instance.uuid, host, index)
    held = groups_db.groups_of([port_uuid])[port_uuid]
    groups_db.bind([instance.uuid], [group.id for group in held])
    return row
