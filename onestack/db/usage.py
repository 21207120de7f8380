"""Read-only views of instances for the admin and usage APIs.

What a period used (os-simple-tenant-usage), what runs on a host (os-hosts,
os-hypervisors, os-services) and whether a caller may see one instance
(os-instance-actions). Nothing here writes.
"""
from __future__ import annotations

import datetime

from sqlalchemy import and_, func, or_, select

from onestack.common import exceptions
from onestack.db import models
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


def count_on_host(host: str) -> int:
    query = select(func.count()).select_from(M).where(M.host == host,
                                                      M.deleted.is_(False))
    with reader() as session:
        return session.scalar(query)


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
            query = query.where(or_(
                M.project_id > after.project_id,
                and_(M.project_id == after.project_id, M.uuid > after.uuid)))
        query = query.order_by(M.project_id, M.uuid)
        if limit is not None:
            query = query.limit(limit)
        return list(session.scalars(query))
