"""Repository of networks and the fixed IPs held in them.

An address someone holds is a row: an instance's interface, a port not
bound yet, or a reservation. Allocating inserts a row, and the unique
(network, address) pair makes two concurrent allocations of one address
impossible: the loser picks the next free one. Releasing an instance's
addresses is deleting its rows, which is safe to repeat.
"""
from __future__ import annotations

import ipaddress
import uuid as uuid_module

from sqlalchemy import delete, func, or_, select, update

from onestack.common import exceptions
from onestack.db import models, quotas
from onestack.db.engine import reader, transaction
from onestack.network import ipam

N, F, I = models.Network, models.FixedIp, models.Instance
ATTEMPTS = 64  # allocations lost to concurrent ones before giving up


class NoMoreAddresses(exceptions.OnestackError):
    """The network has no free address left."""
    code = 409
    title = "Conflict"


def _not_found(network_uuid: str) -> exceptions.NotFound:
    return exceptions.NotFound(f"Network {network_uuid} could not be found.")


# --- networks -----------------------------------------------------------------

def create(values: dict) -> models.Network:
    return create_many([values])[0]


def create_many(rows: list[dict], conf=None) -> list[models.Network]:
    """Networks made together, all or none; those made for a project are
    associated with it and use its `networks` quota (conf gives the limits)."""
    made = [N(uuid=values.pop("uuid", None) or str(uuid_module.uuid4()), **values)
            for values in rows]
    project_id = made[0].project_id if made else None
    try:
        if project_id is None:
            with transaction() as session:
                session.add_all(made)
        else:
            with quotas.consuming(conf, project_id, {"networks": len(made)}) as session:
                session.add_all(made)
    except exceptions.Conflict:
        vlans = ", ".join(str(row.vlan) for row in made if row.vlan is not None)
        raise exceptions.Conflict(f"A network with VLAN {vlans or None} exists "
                                  "already.")
    return made


def used_vlans() -> set[int]:
    with reader() as session:
        return set(session.scalars(select(N.vlan).where(N.vlan.is_not(None))))


def visible(query, ctx, shared: bool = True):
    """Networks ctx may see: an admin every one; a project its own and (with
    shared) the ones nobody has (None: a service, every one)."""
    if ctx is not None and not ctx.is_admin:
        own = N.project_id == ctx.project_id
        query = query.where(or_(N.project_id.is_(None), own) if shared else own)
    return query


def get(network_uuid: str, ctx=None, shared: bool = True) -> models.Network:
    with reader() as session:
        row = session.scalar(visible(select(N).where(N.uuid == network_uuid), ctx,
                                     shared))
    if row is None:
        raise _not_found(network_uuid)
    return row


def get_by_id(network_id: int) -> models.Network:
    with reader() as session:
        row = session.get(N, network_id)
    if row is None:
        raise _not_found(str(network_id))
    return row


def list_(ctx=None, project_id: str | None = None,
          shared_too: bool = True) -> list[models.Network]:
    """Networks ctx may see, in creation order; with project_id, that
    project's (and, with shared_too, the shared ones)."""
    query = visible(select(N), ctx, shared_too).order_by(N.id)
    if project_id is not None:
        owners = N.project_id == project_id
        query = query.where(or_(owners, N.project_id.is_(None)) if shared_too
                            else owners)
    with reader() as session:
        return list(session.scalars(query))


def update_network(network_uuid: str, expected: dict | None = None,
                   **values) -> models.Network:
    """Change a network; Conflict if a column is not as expected (another
    request changed it first)."""
    statement = update(N).where(N.uuid == network_uuid)
    for column, value in (expected or {}).items():
        column = getattr(N, column)
        statement = statement.where(column.is_(None) if value is None
                                    else column == value)
    with transaction() as session:
        if session.execute(statement.values(**values)
                           .execution_options(synchronize_session=False)).rowcount != 1:
            if session.scalar(select(N.id).where(N.uuid == network_uuid)) is None:
                raise _not_found(network_uuid)
            raise exceptions.Conflict(f"Network {network_uuid} changed meanwhile.")
    return get(network_uuid)


# --- which project a network belongs to ----------------------------------------------
# A project's `networks` usage counts the networks associated with it, however
# they came to be: made for it, given from the VLAN pool, or associated by the
# admin. Every change of a network's project goes through these functions.

class _HasOne(Exception):
    def __init__(self, network_uuid: str):
        self.network_uuid = network_uuid


def associate_project(conf, network_uuid: str, project_id: str,
                      first: bool = False) -> models.Network:
    """Associate a network nobody has with the project (using its `networks`
    quota). Conflict if another project has it, or if servers of other
    projects hold addresses in it; associating it again is no change. With
    first, a project that has a network already (a concurrent first boot
    gave it one) keeps that one instead."""
    row = get(network_uuid)
    if row.project_id == project_id:
        return row
    if row.project_id is not None:
        raise exceptions.Conflict(
            f"Network {network_uuid} is associated with project {row.project_id}; "
            "disassociate it first.")
    try:
        with quotas.consuming(conf, project_id, {"networks": 1}) as session:
            # the project's quota row, locked first by consuming(), serializes
            # this with the project's other associations, so a plain read sees
            # theirs (a locking read here would take gap locks on MariaDB that
            # deadlock with other projects' associations)
            own = session.scalar(select(N.uuid).where(N.project_id == project_id)
                                 .limit(1)) if first else None
            if own is not None:
                raise _HasOne(own)   # rolls the quota back
            strangers = session.scalar(select(func.count()).select_from(F).where(
                F.network_id == row.id, F.reserved.is_(False),
                F.project_id != project_id))
            if strangers:
                raise exceptions.Conflict(
                    f"Network {network_uuid} has {strangers} addresses held by servers "
                    f"of other projects; it cannot become project {project_id}'s.")
            _change_project(session, [row.id], None, project_id=project_id)
    except _HasOne as has:
        network_uuid = has.network_uuid
    return get(network_uuid)


def associate_free_network(conf, project_id: str) -> models.Network | None:
    """Give the project one of the networks nobody has (VlanManager's pool),
    or the one a concurrent call gave it; None when the pool is empty."""
    refused: set[str] = set()
    for _ in range(ATTEMPTS):
        with reader() as session:
            free = session.scalar(select(N.uuid).where(N.project_id.is_(None),
                                                       N.uuid.not_in(refused))
                                  .order_by(N.id).limit(1))
        if free is None:
            return None
        try:
            return associate_project(conf, free, project_id, first=True)
        except exceptions.Conflict:
            refused.add(free)  # taken meanwhile, or in use by other projects
    return None


def disassociate(network_uuid: str, project: bool = True,
                 host: bool = True) -> models.Network:
    """Release the network from its project (giving back its quota), from
    its network host, or both. Conflict while servers of the project hold
    addresses in it: they would share it with whoever gets it next."""
    row = get(network_uuid)
    if not project or row.project_id is None:
        return update_network(network_uuid, host=None) if host else row
    release_project(row.project_id, [row], host=host)
    return get(network_uuid)


def release_project(project_id: str, rows=None, host: bool = True) -> list:
    """Disassociate the project's networks (or the given ones of them) all
    together (`project scrub`): none if one still has servers' addresses."""
    rows = list_(project_id=project_id, shared_too=False) if rows is None else rows
    if not rows:
        return []
    with quotas.releasing(project_id, {"networks": len(rows)}) as session:
        for row in rows:
            _refuse_held(session, row)
        values = {"project_id": None, **({"host": None} if host else {})}
        _change_project(session, [row.id for row in rows], project_id, **values)
    return rows


def _change_project(session, ids: list[int], expected: str | None, **values) -> None:
    """Set values on the networks whose project is still the expected one;
    Conflict (rolling back the caller's transaction) if one changed."""
    owner = N.project_id.is_(None) if expected is None else N.project_id == expected
    changed = session.execute(update(N).where(N.id.in_(ids), owner).values(**values)
                              .execution_options(synchronize_session=False)).rowcount
    if changed != len(ids):
        raise exceptions.Conflict("A network changed meanwhile; try again.")


def _refuse_held(session, row) -> None:
    held = session.scalar(select(func.count()).select_from(F).where(
        F.network_id == row.id, F.reserved.is_(False)))
    if held:
        raise exceptions.Conflict(f"Network {row.uuid} has {held} addresses in use; "
                                  "delete the servers holding them first.")


def delete_network(network_uuid: str) -> None:
    """Delete a network nobody uses: Conflict while a project is associated
    with it or an address in it is held."""
    with transaction() as session:
        row = session.scalar(select(N).where(N.uuid == network_uuid).with_for_update())
        if row is None:
            raise _not_found(network_uuid)
        if row.project_id is not None:
            raise exceptions.Conflict(
                f"Network {network_uuid} is associated with project {row.project_id}; "
                "release it first (onestack-manage project scrub --project "
                f"{row.project_id}).")
        _refuse_held(session, row)
        session.delete(row)


def delete_project_network(network_uuid: str, project_id: str) -> None:
    """Disassociate and delete a network of the project (os-tenant-networks),
    giving back its quota; NotFound if it is not the project's."""
    with quotas.releasing(project_id, {"networks": 1}) as session:
        row = session.scalar(select(N).where(N.uuid == network_uuid,
                                             N.project_id == project_id)
                             .with_for_update())
        if row is None:
            raise _not_found(network_uuid)
        _refuse_held(session, row)
        session.delete(row)


# --- fixed IPs ------------------------------------------------------------------

def allocate(network: models.Network, instance_uuid: str | None, project_id: str,
             host: str | None = None, address: str | None = None,
             interface_index: int = 0, name: str = "", mac_address: str | None = None,
             **port) -> models.FixedIp:
    """Hold an address of the network (the given one, or the lowest free) with
    a new MAC; Conflict if the given one is taken, NoMoreAddresses if none is
    free. port: the other columns of a port (preserve_on_delete, ...);
    mac_address: the one asked for (the caller checked it is free)."""
    subnet = ipam.Subnet.of_network(network)
    if address is not None:
        wanted = ipaddress.IPv4Address(address)
        if not subnet.may_give(wanted):
            raise exceptions.BadRequest(f"Fixed IP {address} is not an address "
                                        f"network {network.uuid} hands out.")
    for _ in range(ATTEMPTS):
        chosen = address or _lowest_free(network.id, subnet)
        if chosen is None:
            raise NoMoreAddresses(f"No fixed IP addresses are left in network "
                                  f"{network.label} ({network.cidr}).")
        row = F(uuid=str(uuid_module.uuid4()), network_id=network.id,
                address=str(chosen), mac_address=mac_address or ipam.generate_mac(),
                instance_uuid=instance_uuid, project_id=project_id, host=host,
                interface_index=interface_index, name=name, reserved=False, **port)
        try:
            with transaction() as session:
                session.add(row)
            return row
        except exceptions.Conflict:
            if address is not None and _holder(network.id, address) is not None:
                raise exceptions.Conflict(f"Fixed IP address {address} is already "
                                          "in use.")
            # another allocation took the address (or, rarely, the MAC)
    raise NoMoreAddresses(f"No fixed IP address of network {network.label} could be "
                          "held: too many concurrent allocations.")


def _lowest_free(network_id: int, subnet: ipam.Subnet):
    with reader() as session:
        taken = set(session.scalars(select(F.address).where(F.network_id == network_id)))
    return next(subnet.free_addresses(taken), None)


def holder_of(network_id: int, address: str) -> models.FixedIp | None:
    """The row holding an address of the network (reserved ones too)."""
    return _holder(network_id, address)


def _holder(network_id: int, address: str) -> models.FixedIp | None:
    with reader() as session:
        return session.scalar(select(F).where(F.network_id == network_id,
                                              F.address == address))


def of_instances(instance_uuids) -> list[models.FixedIp]:
    """The addresses the instances hold, in interface order."""
    uuids = list(instance_uuids)
    if not uuids:
        return []
    with reader() as session:
        return list(session.scalars(select(F).where(F.instance_uuid.in_(uuids))
                                    .order_by(F.instance_uuid, F.interface_index,
                                              F.id)))


def instances_at(address: str) -> list[str]:
    """The instances holding a fixed IP of that address (one, normally:
    networks do not overlap)."""
    with reader() as session:
        return list(session.scalars(select(F.instance_uuid).where(
            F.address == address, F.instance_uuid.is_not(None))))


def of_all_instances() -> list[models.FixedIp]:
    """Every address an instance holds."""
    with reader() as session:
        return list(session.scalars(select(F).where(F.instance_uuid.is_not(None))))


def release_instance_in(session, instance_uuid: str) -> int:
    """Delete the instance's addresses inside the caller's transaction; the
    ports made through the networking API are unbound instead, and stay."""
    unbound = session.execute(
        update(F).where(F.instance_uuid == instance_uuid,
                        F.preserve_on_delete.is_(True))
        .values(instance_uuid=None, host=None, interface_index=0)
        .execution_options(synchronize_session=False)).rowcount
    return unbound + session.execute(
        delete(F).where(F.instance_uuid == instance_uuid)
        .execution_options(synchronize_session=False)).rowcount


def release_instance(instance_uuid: str) -> int:
    with transaction() as session:
        return release_instance_in(session, instance_uuid)


def find_address(address: str) -> tuple[models.Network, models.FixedIp | None]:
    """The network an address belongs to, and who holds it (None: free);
    NotFound when no network has it."""
    parsed = ipam.parse_address(address)
    for network in list_():
        if parsed in ipaddress.IPv4Network(network.cidr):
            return network, _holder(network.id, str(parsed))
    raise exceptions.NotFound(f"Fixed IP {address} does not belong to any network.")


def reserve(address: str) -> None:
    """Keep an address from being handed out (`fixed reserve`); reserving a
    reserved one, or one the network never hands out (its network, gateway
    and broadcast addresses), is no error; one held by an instance is a
    Conflict."""
    network, holder = find_address(address)
    address = str(ipam.parse_address(address))
    if holder is not None:
        if holder.reserved:
            return
        raise exceptions.Conflict(f"Fixed IP {address} is held by instance "
                                  f"{holder.instance_uuid}.")
    subnet = ipam.Subnet.of_network(network)
    if ipaddress.IPv4Address(address) in subnet.never_given():
        return
    try:
        with transaction() as session:
            session.add(F(uuid=str(uuid_module.uuid4()), network_id=network.id,
                          address=address, reserved=True, interface_index=0, name=""))
    except exceptions.Conflict:
        reserve(address)  # taken meanwhile: say by whom


def unreserve(address: str) -> None:
    network, holder = find_address(address)
    if holder is not None and not holder.reserved:
        raise exceptions.Conflict(f"Fixed IP {address} is held by instance "
                                  f"{holder.instance_uuid}, not reserved.")
    with transaction() as session:
        session.execute(delete(F).where(F.network_id == network.id,
                                        F.address == str(ipam.parse_address(address)),
                                        F.reserved.is_(True)))


def held(host: str | None = None) -> list[tuple]:
    """(fixed IP, its network's CIDR, the holding instance's hostname and
    host) for every address held, reserved ones included; with host, those
    of the instances on that host."""
    query = (select(F, N.cidr, I.hostname, I.host).join(N, N.id == F.network_id)
             .outerjoin(I, I.uuid == F.instance_uuid))
    if host is not None:
        query = query.where(I.host == host)
    with reader() as session:
        rows = [tuple(row) for row in session.execute(query)]
    return sorted(rows, key=lambda row: (row[0].network_id,
                                         ipaddress.IPv4Address(row[0].address)))


def count_held(network_id: int) -> int:
    with reader() as session:
        return session.scalar(select(func.count()).select_from(F).where(
            F.network_id == network_id))
