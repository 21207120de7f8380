"""Read-only views of instances for the admin and usage APIs.

What a period used (os-simple-tenant-usage), what runs on a host and what it
takes there (os-hosts, os-hypervisors, os-services, `onestack-manage service
describe_resource`) and whether a caller may see one instance
(os-instance-actions). Nothing here writes.
"""
from __future__ import annotations

import dataclasses
import datetime
import json

from sqlalchemy import func, or_, select

from onestack.common import exceptions
from onestack.db import allocations, compute_nodes, keyset, models
from onestack.db.compute_nodes import NOTHING, Resources
from onestack.db.engine import reader

M = models.Instance


def ended_at(row: models.Instance) -> datetime.datetime | None:
    """When the instance stopped existing: terminated, or else deleted."""
    return row.terminated_at or row.deleted_at


def get_visible_instance(ctx, uuid: str, read_deleted: bool = False) -> models.Instance:
    """The instance if ctx may see it (admins: all projects); NotFound otherwise."""
    query = select(M).where(M.uuid == uuid)
    if not ctx.is_admin:
        query = query.where(M.project_id == ctx.project_id)
    if not read_deleted:
        query = query.where(M.deleted.is_(False))
    with reader() as session:
        row = session.scalar(query)
    if row is None:
        raise exceptions.NotFound(f"Instance {uuid} could not be found.")
    return row


def instances_on_host(host: str) -> list[models.Instance]:
    """The live (not deleted) instances whose host is `host`."""
    query = (select(M).where(M.host == host, M.deleted.is_(False))
             .order_by(M.created_at, M.id))
    with reader() as session:
        return list(session.scalars(query))


@dataclasses.dataclass(frozen=True)
class HostResources:
    total: Resources  # what the host's nodes offer
    used_now: Resources  # what is allocated on them: instances, and moves under way
    used_max: Resources  # what the instances recorded on the host take, running or not
    by_project: dict[str, Resources]  # used_max per project


def host_resources(host: str) -> HostResources:
    """The seed's describe_resource table of a compute host; NotFound if the
    host has no compute node."""
    nodes = compute_nodes.list_(host)
    if not nodes:
        raise exceptions.NotFound(f"Compute host {host} could not be found.")
    by_project: dict[str, Resources] = {}
    for row in instances_on_host(host):
        flavor = compute_nodes.resources_of(json.loads(row.flavor))
        by_project[row.project_id] = by_project.get(row.project_id, NOTHING) + flavor
    return HostResources(total=compute_nodes.capacity(nodes),
                         used_now=allocations.held_on(node.id for node in nodes),
                         used_max=sum(by_project.values(), NOTHING),
                         by_project=by_project)


def count_on_host(host: str) -> int:
    query = select(func.count()).select_from(M).where(M.host == host,
                                                      M.deleted.is_(False))
    with reader() as session:
        return session.scalar(query)


KEYS = ((M.project_id, "asc"), (M.uuid, "asc"))


def active_in_window(start: datetime.datetime, stop: datetime.datetime,
                     project_id: str | None = None, limit: int | None = None,
                     marker: str | None = None) -> list[models.Instance]:
    """Instances, deleted ones included, launched before `stop` and not ended
    by `start`, ordered by (project_id, uuid); paged after the `marker` uuid.
    Raises NotFound if the marker names no instance."""
    end = func.coalesce(M.terminated_at, M.deleted_at)
    query = select(M).where(M.launched_at.is_not(None), M.launched_at < stop,
                            or_(end.is_(None), end > start))
    if project_id is not None:
        query = query.where(M.project_id == project_id)
    with reader() as session:
        if marker is not None:
            after = session.scalar(select(M).where(M.uuid == marker))
            if after is None:
                raise exceptions.NotFound(f"Marker {marker} could not be found.")
            query = query.where(keyset.after(KEYS, (after.project_id, after.uuid)))
        query = query.order_by(*keyset.order(KEYS))
        if limit is not None:
            query = query.limit(limit)
        return list(session.scalars(query))
