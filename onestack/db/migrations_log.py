"""Repository of migrations: each move of an instance between hosts and its
status (os-migrations). Named migrations_log so as not to be taken for the
schema migrations beside it.

Statuses, as Nova's: a resize or cold migration goes pre-migrating,
migrating, finished, then confirmed or reverting and reverted (error if it
fails); a live migration accepted, running, completed (failed); an evacuation
accepted, done (failed).
"""
from __future__ import annotations

import datetime
import uuid as uuid_module

from sqlalchemy import func, or_, select

from onestack.common import exceptions
from onestack.db import keyset, models
from onestack.db.engine import reader, transaction

M = models.Migration
FINAL = ("confirmed", "reverted", "completed", "done", "error", "failed", "cancelled")


def create(ctx, instance, migration_type: str, status: str, dest_compute: str,
           dest_node: str | None, old_flavor: dict, new_flavor: dict,
           dest_host: str | None = None, uuid: str | None = None) -> models.Migration:
    row = M(uuid=uuid or str(uuid_module.uuid4()), instance_uuid=instance.uuid,
            project_id=instance.project_id, user_id=ctx.user_id,
            migration_type=migration_type, status=status,
            source_compute=instance.host, source_node=instance.node,
            dest_compute=dest_compute, dest_node=dest_node, dest_host=dest_host,
            old_flavor_id=old_flavor.get("id"), new_flavor_id=new_flavor.get("id"))
    with transaction() as session:
        session.add(row)
    return row


def current(instance_uuid: str) -> models.Migration | None:
    """The instance's move in progress, if it has one."""
    with reader() as session:
        return session.scalar(select(M).where(M.instance_uuid == instance_uuid,
                                              M.status.not_in(FINAL))
                              .order_by(M.id.desc()).limit(1))


def set_status(instance_uuid: str, status: str) -> None:
    """The status of the instance's move in progress, if it has one."""
    with transaction() as session:
        row = session.scalar(select(M).where(M.instance_uuid == instance_uuid,
                                             M.status.not_in(FINAL))
                             .order_by(M.id.desc()).limit(1))
        if row is not None:
            row.status = status


def list_(filters: dict, limit: int | None = None, marker: str | None = None,
          changes_since: datetime.datetime | None = None,
          changes_before: datetime.datetime | None = None) -> list[models.Migration]:
    """Newest first. filters: host (source or destination), status,
    instance_uuid, migration_type, source_compute, project_id."""
    keys = ((M.created_at, "desc"), (M.id, "desc"))
    query = select(M).order_by(*keyset.order(keys))
    if filters.get("host"):
        query = query.where(or_(M.source_compute == filters["host"],
                                M.dest_compute == filters["host"]))
    for name in ("status", "instance_uuid", "migration_type", "source_compute",
                 "project_id"):
        if filters.get(name):
            query = query.where(getattr(M, name) == filters[name])
    changed = func.coalesce(M.updated_at, M.created_at)
    if changes_since is not None:
        query = query.where(changed >= changes_since)
    if changes_before is not None:
        query = query.where(changed <= changes_before)
    with reader() as session:
        if marker:
            start = session.scalar(select(M).where(M.uuid == marker))
            if start is None:
                raise exceptions.NotFound(f"Marker {marker} could not be found.")
            query = query.where(keyset.after(keys, (start.created_at, start.id)))
        if limit is not None:
            query = query.limit(limit)
        return list(session.scalars(query))
