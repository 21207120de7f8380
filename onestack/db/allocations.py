"""Repository of allocations: what each consumer holds on a compute node.

A consumer is an instance, or a migration holding the source end of a move
(as in Nova's placement). Claiming inserts the consumer's row and adds its
amounts to the node's used counters in one transaction, conditional on the
node having room; releasing deletes the consumer's rows and subtracts what
each deleted row held. A row is deleted once, so a repeated release, a
redelivered message or a retry gives back nothing twice.
"""
from __future__ import annotations

from sqlalchemy import delete, func, select, update

from onestack.common import exceptions
from onestack.db import models
from onestack.db.compute_nodes import Ratios, Resources
from onestack.db.engine import reader, transaction

A, N = models.Allocation, models.ComputeNode


class _NoRoom(Exception):
    """Raised inside a claim's transaction so that its insert rolls back."""


def claim(consumer_uuid: str, node_id: int, resources: Resources,
          ratios: Ratios) -> bool:
    """Allocate resources on the node to the consumer if they fit its capacity
    times the allocation ratios; False, and nothing changed, if they do not.
    A consumer that already holds an allocation on the node keeps it (True)."""
    fits = (update(N)
            .where(N.id == node_id,
                   N.vcpus_used + resources.vcpus <= N.vcpus * ratios.cpu,
                   N.memory_mb_used + resources.memory_mb <= N.memory_mb * ratios.ram,
                   N.local_gb_used + resources.disk_gb <= N.local_gb * ratios.disk)
            .values(**_counters(+1, resources))
            .execution_options(synchronize_session=False))
    try:
        with transaction() as session:
            if session.get(A, (consumer_uuid, node_id)) is not None:
                return True
            # the node's row first, as every writer of allocations locks it:
            # on MySQL the allocation's foreign key check would otherwise
            # share-lock it, and two claims would deadlock upgrading that lock
            if session.execute(fits).rowcount != 1:
                raise _NoRoom()
            session.add(A(consumer_uuid=consumer_uuid, node_id=node_id,
                          vcpus=resources.vcpus, memory_mb=resources.memory_mb,
                          disk_gb=resources.disk_gb))
            session.flush()
    except _NoRoom:
        return False
    except exceptions.Conflict:
        # a concurrent retry of the same claim inserted the row first
        return bool(of_consumers(consumer_uuid, [node_id]))
    return True


def _counters(sign: int, resources) -> dict:
    return {"vcpus_used": N.vcpus_used + sign * resources.vcpus,
            "memory_mb_used": N.memory_mb_used + sign * resources.memory_mb,
            "local_gb_used": N.local_gb_used + sign * resources.disk_gb,
            "running_vms": N.running_vms + sign}


def release(consumer_uuids, node_ids=None) -> int:
    """Give back what the consumers hold (on node_ids only, when given);
    returns how many allocations went back. Releasing what is already
    released does nothing."""
    with transaction() as session:
        return release_in(session, consumer_uuids, node_ids)


def release_in(session, consumer_uuids, node_ids=None) -> int:
    """release() inside the caller's transaction (an instance's deletion)."""
    query = select(A).where(A.consumer_uuid.in_(_as_list(consumer_uuids)))
    if node_ids is not None:
        query = query.where(A.node_id.in_(list(node_ids)))
    released = 0
    for row in sorted(session.scalars(query), key=lambda r: r.node_id):
        # lock the node before touching its allocations, as claims do
        session.execute(select(N.id).where(N.id == row.node_id).with_for_update())
        gone = session.execute(
            delete(A).where(A.consumer_uuid == row.consumer_uuid,
                            A.node_id == row.node_id)
            .execution_options(synchronize_session=False)).rowcount
        if gone == 1:
            session.execute(update(N).where(N.id == row.node_id)
                            .values(**_counters(-1, row))
                            .execution_options(synchronize_session=False))
            released += 1
    return released


def move(from_consumer: str, to_consumer: str, node_ids=None) -> None:
    """Hand the allocations of one consumer to another, unchanged in amount:
    the source end of a move goes to its migration, and back on a revert."""
    statement = update(A).where(A.consumer_uuid == from_consumer)
    if node_ids is not None:
        statement = statement.where(A.node_id.in_(list(node_ids)))
    with transaction() as session:
        session.execute(statement.values(consumer_uuid=to_consumer)
                        .execution_options(synchronize_session=False))


def of_consumers(consumer_uuids, node_ids=None) -> list[models.Allocation]:
    query = select(A).where(A.consumer_uuid.in_(_as_list(consumer_uuids)))
    if node_ids is not None:
        query = query.where(A.node_id.in_(list(node_ids)))
    with reader() as session:
        return list(session.scalars(query.order_by(A.created_at)))


def held_on(node_ids) -> Resources:
    """What all allocations on the nodes hold together."""
    sums = (select(func.coalesce(func.sum(A.vcpus), 0),
                   func.coalesce(func.sum(A.memory_mb), 0),
                   func.coalesce(func.sum(A.disk_gb), 0))
            .where(A.node_id.in_(list(node_ids))))
    with reader() as session:
        return Resources(*(int(value) for value in session.execute(sums).one()))


def true_up(node_id: int) -> None:
    """Set the node's used counters to the sum of its allocations, healing
    whatever a crash between two writes of an older version left behind."""
    sums = (select(func.coalesce(func.sum(A.vcpus), 0),
                   func.coalesce(func.sum(A.memory_mb), 0),
                   func.coalesce(func.sum(A.disk_gb), 0), func.count())
            .where(A.node_id == node_id))
    with transaction() as session:
        session.get(N, node_id, with_for_update=True)
        vcpus, memory_mb, disk_gb, count = session.execute(sums).one()
        session.execute(update(N).where(N.id == node_id).values(
            vcpus_used=vcpus, memory_mb_used=memory_mb, local_gb_used=disk_gb,
            running_vms=count).execution_options(synchronize_session=False))


def _as_list(values) -> list[str]:
    return [values] if isinstance(values, str) else list(values)
