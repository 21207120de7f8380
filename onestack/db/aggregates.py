"""Repository of host aggregates with their hosts and metadata.

An aggregate's availability zone is its `availability_zone` metadata. The
repository keeps one invariant itself, inside the write transaction: a host
is never in two aggregates whose availability zones differ.
"""
from __future__ import annotations

import dataclasses
import datetime
import uuid as uuid_module

from sqlalchemy import delete, select

from onestack.common import exceptions
from onestack.db import models
from onestack.db.engine import reader, transaction

AZ_KEY = "availability_zone"
A, H, M = models.Aggregate, models.AggregateHost, models.AggregateMetadata


@dataclasses.dataclass
class Aggregate:
    id: int
    uuid: str
    name: str
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    hosts: list[str]
    metadata: dict[str, str]

    @property
    def availability_zone(self) -> str | None:
        return self.metadata.get(AZ_KEY)


def _record(session, row) -> Aggregate:
    hosts = sorted(session.scalars(select(H.host).where(H.aggregate_id == row.id)))
    metadata = {item.key: item.value for item in session.scalars(
        select(M).where(M.aggregate_id == row.id))}
    return Aggregate(row.id, row.uuid, row.name, row.created_at, row.updated_at,
                     hosts, metadata)


def _row(session, aggregate_id: int, lock: bool = False):
    query = select(A).where(A.id == aggregate_id)
    if lock:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        raise exceptions.NotFound(f"Aggregate {aggregate_id} could not be found.")
    return row


def list_() -> list[Aggregate]:
    with reader() as session:
        return [_record(session, row)
                for row in session.scalars(select(A).order_by(A.id))]


def get(aggregate_id: int) -> Aggregate:
    with reader() as session:
        return _record(session, _row(session, aggregate_id))


def _check_name_free(session, name: str, own_id: int | None = None) -> None:
    other = session.scalar(select(A).where(A.name == name))
    if other is not None and other.id != own_id:
        raise exceptions.Conflict(f"Aggregate {name} already exists.")


def create(name: str, availability_zone: str | None = None) -> Aggregate:
    with transaction() as session:
        _check_name_free(session, name)
        row = A(uuid=str(uuid_module.uuid4()), name=name)
        session.add(row)
        session.flush()
        if availability_zone:
            session.add(M(aggregate_id=row.id, key=AZ_KEY, value=availability_zone))
        session.flush()
        return _record(session, row)


def zones_by_host(session, hosts=None) -> dict[str, set[str]]:
    """host -> the availability zones of the aggregates it is in (those that
    have one); for the given hosts only, or all."""
    query = (select(H.host, M.value).join(M, M.aggregate_id == H.aggregate_id)
             .where(M.key == AZ_KEY))
    if hosts is not None:
        query = query.where(H.host.in_(list(hosts)))
    zones: dict[str, set[str]] = {}
    for host, zone in session.execute(query):
        zones.setdefault(host, set()).add(zone)
    return zones


def _zone_conflicts(session, aggregate_id: int, zone: str, hosts) -> list[str]:
    """Zones other than `zone` that aggregates besides this one give to hosts."""
    query = (select(M.value).join(H, H.aggregate_id == M.aggregate_id)
             .where(M.key == AZ_KEY, H.host.in_(list(hosts)),
                    M.aggregate_id != aggregate_id, M.value != zone))
    return sorted(set(session.scalars(query)))


def _apply_metadata(session, row, changes: dict, hosts: list[str], action: str):
    """Sets keys (None deletes one), refusing a zone the hosts cannot take."""
    if AZ_KEY in changes and changes[AZ_KEY] is not None:
        zone = changes[AZ_KEY]
        if not zone:
            raise exceptions.BadRequest(
                f"{action} {row.id}. Reason: Aggregate {row.name} does not support "
                "empty named availability zone.")
        conflicts = _zone_conflicts(session, row.id, zone, hosts) if hosts else []
        if conflicts:
            raise exceptions.BadRequest(
                f"{action} {row.id}. Reason: One or more hosts already in "
                f"availability zone(s) {conflicts}.")
    for key, value in changes.items():
        current = session.get(M, (row.id, key))
        if value is None:
            if current is not None:
                session.delete(current)
        elif current is None:
            session.add(M(aggregate_id=row.id, key=key, value=str(value)))
        else:
            current.value = str(value)
    row.updated_at = models.utcnow()


def update(aggregate_id: int, name: str | None = None,
           availability_zone: str | None = None) -> Aggregate:
    """Renames and/or sets the zone; a zone its hosts cannot take is a 400."""
    with transaction() as session:
        row = _row(session, aggregate_id, lock=True)
        if name is not None:
            _check_name_free(session, name, row.id)
            row.name = name
        if availability_zone is not None:
            hosts = list(session.scalars(select(H.host).where(H.aggregate_id == row.id)))
            _apply_metadata(session, row, {AZ_KEY: availability_zone}, hosts,
                            "Cannot update aggregate")
        row.updated_at = models.utcnow()
        session.flush()
        return _record(session, row)


def set_metadata(aggregate_id: int, changes: dict) -> Aggregate:
    with transaction() as session:
        row = _row(session, aggregate_id, lock=True)
        hosts = list(session.scalars(select(H.host).where(H.aggregate_id == row.id)))
        _apply_metadata(session, row, changes, hosts,
                        "Cannot update metadata of aggregate")
        session.flush()
        return _record(session, row)


def add_host(aggregate_id: int, host: str) -> Aggregate:
    """Conflict if the host is in it already, or in another zone."""
    with transaction() as session:
        row = _row(session, aggregate_id, lock=True)
        if session.get(H, (row.id, host)) is not None:
            raise exceptions.Conflict(f"Aggregate {row.id} already has host {host}.")
        zone = session.scalar(select(M.value).where(M.aggregate_id == row.id,
                                                    M.key == AZ_KEY))
        if zone is not None:
            conflicts = _zone_conflicts(session, row.id, zone, [host])
            if conflicts:
                raise exceptions.Conflict(
                    f"Cannot add host to aggregate {row.id}. Reason: One or more "
                    f"hosts already in availability zone(s) {conflicts}.")
        session.add(H(aggregate_id=row.id, host=host))
        row.updated_at = models.utcnow()
        session.flush()
        return _record(session, row)


def remove_host(aggregate_id: int, host: str) -> Aggregate:
    with transaction() as session:
        row = _row(session, aggregate_id, lock=True)
        member = session.get(H, (row.id, host))
        if member is None:
            raise exceptions.NotFound(f"Aggregate {row.id} has no host {host}.")
        session.delete(member)
        row.updated_at = models.utcnow()
        session.flush()
        return _record(session, row)


def delete_(aggregate_id: int) -> None:
    """Refused (400) while the aggregate still has hosts."""
    with transaction() as session:
        row = _row(session, aggregate_id, lock=True)
        if session.scalar(select(H.host).where(H.aggregate_id == row.id).limit(1)):
            raise exceptions.BadRequest(
                f"Cannot remove host from aggregate {row.id}. Reason: Host "
                "aggregate is not empty.")
        session.execute(delete(M).where(M.aggregate_id == row.id))
        session.delete(row)


def zones_of_hosts(hosts=None) -> dict[str, set[str]]:
    with reader() as session:
        return zones_by_host(session, hosts)


def hosts_with_zone(zone: str) -> set[str]:
    query = (select(H.host).join(M, M.aggregate_id == H.aggregate_id)
             .where(M.key == AZ_KEY, M.value == zone))
    with reader() as session:
        return set(session.scalars(query))
