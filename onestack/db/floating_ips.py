"""Repository of floating IPs: the public addresses of pools, allocated to
projects and associated with fixed IPs.

Every address of a pool is a row, made by `floating create`. Allocating
gives a free row (project_id NULL) to a project: the row is taken with
SELECT ... FOR UPDATE SKIP LOCKED where the engine has row locks (SQLite's
write transaction serializes writers instead), inside the quota transaction
of db.quotas, so two allocations never get one address and the
`floating_ips` usage stays exact. Associating sets fixed_ip_id, which one
UPDATE moves from one fixed IP to another; deleting a fixed IP sets it back
to NULL (ON DELETE SET NULL), so releasing an instance's addresses
disassociates its floating IPs.

Auto-assigned addresses (auto_assign_floating_ip) are allocated and
associated in one transaction and, as in nova-network, count against no
quota; they go back to the pool with their instance.
"""
from __future__ import annotations

import collections
import dataclasses
import uuid as uuid_module

from sqlalchemy import delete, insert, or_, select, update

from onestack.common import exceptions
from onestack.db import models, quotas
from onestack.db.engine import reader, transaction

FL, F, N = models.FloatingIp, models.FixedIp, models.Network
QUOTA = "floating_ips"
CHUNK = 500     # addresses per IN (...) list, well under every engine's limit
ATTEMPTS = 16   # rounds of a range deletion racing with allocations


class NoMoreFloatingIps(exceptions.NotFound):
    """The pool has no free address left."""


class _NothingChanged(Exception):
    """Raised inside a quota transaction so that it rolls back."""


@dataclasses.dataclass(frozen=True)
class Held:
    """A floating IP, and the fixed IP and instance it is associated with
    (None: it is not)."""
    row: models.FloatingIp
    fixed_address: str | None
    instance_uuid: str | None
    fixed_uuid: str | None = None   # the fixed IP's: the Neutron API's port id
    fixed_network_id: int | None = None


def by_fixed_ip(fixed_ip_ids) -> dict[int, list[str]]:
    """fixed IP id -> the floating addresses associated with it (None: of
    every fixed IP)."""
    query = select(FL.fixed_ip_id, FL.address).where(FL.fixed_ip_id.is_not(None))
    if fixed_ip_ids is not None:
        ids = list(fixed_ip_ids)
        if not ids:
            return {}
        query = query.where(FL.fixed_ip_id.in_(ids))
    result = collections.defaultdict(list)
    with reader() as session:
        for fixed_ip_id, address in session.execute(query.order_by(FL.id)):
            result[fixed_ip_id].append(address)
    return result


# --- reads ----------------------------------------------------------------------

def _joined():
    return (select(FL, F.address, F.instance_uuid, F.uuid, F.network_id)
            .outerjoin(F, F.id == FL.fixed_ip_id).order_by(FL.id))


def _held(query) -> list[Held]:
    with reader() as session:
        return [Held(*found) for found in session.execute(query)]


def get(floating_uuid: str, ctx=None) -> Held:
    """The floating IP if ctx may see it (None: a service): an administrator
    any, anyone else only those allocated to their project."""
    query = _joined().where(FL.uuid == floating_uuid)
    if ctx is not None and not ctx.is_admin:
        query = query.where(FL.project_id == ctx.project_id)
    found = _held(query)
    if not found:
        raise exceptions.NotFound(f"Floating IP not found for ID {floating_uuid}")
    return found[0]


def get_by_address(address: str, project_id: str) -> Held:
    """The floating IP at address allocated to the project; NotFound when
    there is none (another project's is as one that does not exist)."""
    found = _held(_joined().where(FL.address == address, FL.project_id == project_id))
    if not found:
        raise exceptions.NotFound("floating IP not found")
    return found[0]


def of_project(project_id: str) -> list[Held]:
    return _held(_joined().where(FL.project_id == project_id))


def list_all() -> list[Held]:
    """Every address of every pool, allocated or not."""
    return _held(_joined())


def pools() -> list[str]:
    with reader() as session:
        return list(session.scalars(select(FL.pool).distinct().order_by(FL.pool)))


def associations() -> list:
    """Each associated floating IP as a row of address, interface,
    fixed_address, instance_uuid, fixed_host, network_uuid, network_host and
    multi_host, in the order the addresses were created."""
    query = (select(FL.address, FL.interface, F.address.label("fixed_address"),
                    F.instance_uuid, F.host.label("fixed_host"),
                    N.uuid.label("network_uuid"), N.host.label("network_host"),
                    N.multi_host)
             .join(F, F.id == FL.fixed_ip_id).join(N, N.id == F.network_id)
             .order_by(FL.id))
    with reader() as session:
        return list(session.execute(query))


# --- the admin's ranges --------------------------------------------------------------

def create_range(addresses: list[str], pool: str, interface: str) -> int:
    """Add the addresses to a pool, all or none: Conflict naming the first
    that exists already."""
    taken = _existing(addresses)
    if taken:
        raise exceptions.Conflict(f"Floating IP {taken[0]} already exists.")
    rows = [{"uuid": str(uuid_module.uuid4()), "address": address, "pool": pool,
             "interface": interface, "auto_assigned": False} for address in addresses]
    try:
        with transaction() as session:
            for start in range(0, len(rows), CHUNK):
                session.execute(insert(FL), rows[start:start + CHUNK])
    except exceptions.Conflict:
        taken = _existing(addresses) or addresses
        raise exceptions.Conflict(f"Floating IP {taken[0]} already exists.")
    return len(rows)


def _existing(addresses: list[str]) -> list[str]:
    return [row.address for row in _rows_at(addresses)]


def _rows_at(addresses: list[str]) -> list:
    found = []
    with reader() as session:
        for start in range(0, len(addresses), CHUNK):
            found += session.execute(
                select(FL.id, FL.address, FL.project_id, FL.auto_assigned).where(
                    FL.address.in_(addresses[start:start + CHUNK])))
    return sorted(found, key=lambda row: row.id)


def delete_range(addresses: list[str]) -> int:
    """Delete the addresses, allocated or not, as nova-manage did: each
    project gets back the quota its addresses used. Returns how many were
    deleted."""
    deleted = 0
    for _ in range(ATTEMPTS):
        rows = _rows_at(addresses)
        if not rows:
            break
        for row in rows:
            if row.project_id is not None and not row.auto_assigned:
                release(row.id, row.project_id)
        ids = [row.id for row in rows]
        with transaction() as session:
            for start in range(0, len(ids), CHUNK):
                # an address allocated meanwhile stays for the next round
                deleted += session.execute(
                    delete(FL).where(FL.id.in_(ids[start:start + CHUNK]),
                                     or_(FL.project_id.is_(None), FL.auto_assigned))
                    .execution_options(synchronize_session=False)).rowcount
    else:
        raise exceptions.Conflict("The range is being allocated from too fast to "
                                  "delete; try again.")
    return deleted


# --- a project's addresses -----------------------------------------------------------

def _take_free(session, pool: str, address: str | None = None) -> models.FloatingIp:
    query = select(FL).where(FL.pool == pool, FL.project_id.is_(None))
    if address is not None:
        query = query.where(FL.address == address)
    row = session.scalar(query.order_by(FL.id).limit(1)
                         .with_for_update(skip_locked=True))
    if row is None:
        if address is not None:
            raise AddressTaken(f"IP address {address} already allocated in pool "
                               f"{pool}.")
        raise NoMoreFloatingIps(f"No more floating IPs in pool {pool}.")
    return row


class AddressTaken(exceptions.Conflict):
    """The address asked for is allocated already."""


def allocate(conf, project_id: str, pool: str, address: str | None = None,
             description: str = "") -> models.FloatingIp:
    """Give the project a free address of the pool (that address, if
    given), using one of its `floating_ips` quota: OverQuota (403),
    NoMoreFloatingIps (404) or AddressTaken (409)."""
    with quotas.consuming(conf, project_id, {QUOTA: 1}) as session:
        row = _take_free(session, pool, address)
        row.project_id, row.description = project_id, description
    return row


def describe(floating_id: int, description: str) -> None:
    with transaction() as session:
        session.execute(update(FL).where(FL.id == floating_id)
                        .values(description=description)
                        .execution_options(synchronize_session=False))


def in_pool(address: str, pool: str) -> bool:
    with reader() as session:
        return session.scalar(select(FL.id).where(FL.address == address,
                                                  FL.pool == pool)) is not None


def auto_assign(project_id: str, pool: str, fixed_ip_id: int) -> models.FloatingIp:
    """Allocate a free address of the pool and associate it with the fixed
    IP at once, outside the quota (NoMoreFloatingIps when none is free);
    Conflict when the fixed IP went meanwhile."""
    try:
        with transaction() as session:
            row = _take_free(session, pool)
            row.project_id, row.fixed_ip_id, row.auto_assigned = \
                project_id, fixed_ip_id, True
    except exceptions.Conflict:
        raise exceptions.Conflict(f"Fixed IP {fixed_ip_id} was released meanwhile.")
    return row


def release(floating_id: int, project_id: str) -> bool:
    """Give the project's (not auto-assigned) address back to its pool,
    disassociated, and the project its quota; False when it is not the
    project's any more (released meanwhile)."""
    try:
        with quotas.releasing(project_id, {QUOTA: 1}) as session:
            changed = session.execute(
                update(FL).where(FL.id == floating_id, FL.project_id == project_id,
                                 FL.auto_assigned.is_(False))
                .values(project_id=None, fixed_ip_id=None, description="")
                .execution_options(synchronize_session=False)).rowcount
            if changed != 1:
                raise _NothingChanged()
    except _NothingChanged:
        return False
    return True


def release_auto_assigned(instance_uuid: str) -> int:
    """Give back the addresses auto-assigned to the instance's fixed IPs,
    and any auto-assigned address whose fixed IP is gone (an auto-assigned
    address is never disassociated otherwise); how many went back."""
    with transaction() as session:
        return release_auto_assigned_in(session, instance_uuid)


def release_auto_assigned_in(session, instance_uuid: str) -> int:
    """release_auto_assigned() inside the caller's transaction."""
    held = select(F.id).where(F.instance_uuid == instance_uuid)
    return session.execute(
        update(FL).where(FL.auto_assigned,
                         or_(FL.fixed_ip_id.in_(held), FL.fixed_ip_id.is_(None)))
        .values(project_id=None, fixed_ip_id=None, auto_assigned=False)
        .execution_options(synchronize_session=False)).rowcount


def associate(floating_id: int, project_id: str, fixed_ip_id: int,
              alone: bool = False) -> bool:
    """Associate the project's address with the fixed IP, moving it from the
    one it had: NotFound when it is not the project's (any more), Conflict
    when the fixed IP went meanwhile. With alone, only if no other address
    is associated with that fixed IP (Neutron's one floating IP per port):
    False then."""
    try:
        with transaction() as session:
            if alone:
                # the fixed IP's row, locked, serializes two associations with it
                held = session.scalar(select(F.id).where(F.id == fixed_ip_id)
                                      .with_for_update())
                if held is None:
                    raise exceptions.Conflict("The fixed IP was released meanwhile.")
                other = session.scalar(select(FL.id).where(
                    FL.fixed_ip_id == fixed_ip_id, FL.id != floating_id))
                if other is not None:
                    return False
            changed = session.execute(
                update(FL).where(FL.id == floating_id, FL.project_id == project_id)
                .values(fixed_ip_id=fixed_ip_id)
                .execution_options(synchronize_session=False)).rowcount
    except exceptions.Conflict:
        raise exceptions.Conflict("The fixed IP was released meanwhile.")
    if changed != 1:
        raise exceptions.NotFound("floating IP not found")
    return True


def disassociate(floating_id: int, fixed_ip_id: int) -> bool:
    """Disassociate the address from the fixed IP; False when it is not
    associated with it (any more)."""
    with transaction() as session:
        return session.execute(
            update(FL).where(FL.id == floating_id, FL.fixed_ip_id == fixed_ip_id)
            .values(fixed_ip_id=None)
            .execution_options(synchronize_session=False)).rowcount == 1


def fixed_ip(fixed_uuid: str) -> models.FixedIp | None:
    """The fixed IP (a port, in the Neutron view) of that uuid, if any."""
    with reader() as session:
        return session.scalar(select(F).where(F.uuid == fixed_uuid))


def clear_association(floating_id: int) -> None:
    with transaction() as session:
        session.execute(update(FL).where(FL.id == floating_id).values(fixed_ip_id=None)
                        .execution_options(synchronize_session=False))
