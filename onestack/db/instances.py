"""Repository of instances with their metadata, tags and faults.

State changes go through update(), which can require the current task_state
(and vm_state): two requests racing to act on one server cannot both win.
"""
from __future__ import annotations

import uuid as uuid_module

import re2
from sqlalchemy import delete, or_, select, update as sql_update

from onestack.common import exceptions
from onestack.db import (allocations, floating_ips, instance_passwords, keyset, models,
                         networks, quotas, security_groups)
from onestack.db.engine import reader, transaction

ANY = object()  # update(): no expectation on that state
M = models.Instance


def instance_name(row) -> str:
    return f"instance-{row.id:08x}"


def quota_deltas(vcpus: int, memory_mb: int, count: int = 1) -> dict[str, int]:
    return {"instances": count, "cores": vcpus * count, "ram": memory_mb * count}


def create_many(conf, project_id: str, rows: list[dict],
                metadata: dict[str, str], tags: list[str]) -> list[models.Instance]:
    """Records the instances and uses their quota in one transaction: all or none."""
    first = rows[0]
    deltas = quota_deltas(first["vcpus"], first["memory_mb"], len(rows))
    created = []
    with quotas.consuming(conf, project_id, deltas, user_id=first["user_id"]) as session:
        for values in rows:
            row = models.Instance(uuid=values.pop("uuid", None) or str(uuid_module.uuid4()),
                                  **values)
            session.add(row)
            created.append(row)
        session.flush()
        for row in created:
            for key, value in metadata.items():
                session.add(models.InstanceMetadata(instance_uuid=row.uuid, key=key,
                                                    value=value))
            for tag in tags:
                session.add(models.InstanceTag(instance_uuid=row.uuid, tag=tag))
    return created


def _visible(query, ctx, read_deleted: bool):
    if ctx is not None and not ctx.is_admin:
        query = query.where(M.project_id == ctx.project_id)
    if not read_deleted:
        query = query.where(M.deleted.is_(False))
    return query


def get(uuid: str, ctx=None, read_deleted: bool = False) -> models.Instance:
    """The instance if it exists and ctx (None: a service) may see it."""
    query = _visible(select(M).where(M.uuid == uuid), ctx, read_deleted)
    with reader() as session:
        row = session.scalar(query)
    if row is None:
        raise exceptions.NotFound(f"Instance {uuid} could not be found.")
    return row


SORT_KEYS = {"created_at", "display_name", "updated_at", "uuid", "vm_state",
             "task_state", "power_state", "host", "node", "launched_at",
             "terminated_at", "project_id", "user_id", "image_ref", "key_name",
             "availability_zone", "display_description", "hostname",
             "launch_index", "locked", "memory_mb", "vcpus", "root_gb",
             "ephemeral_gb", "progress", "config_drive", "access_ip_v4",
             "access_ip_v6", "kernel_id", "ramdisk_id", "instance_type_id"}


def list_(ctx, filters: dict | None = None, sort_keys=("created_at",),
          sort_dirs=("desc",), limit: int | None = None, marker: str | None = None,
          read_deleted: bool = False) -> list[models.Instance]:
    """filters: name (regex), status vm_states/task_states, image_ref, flavor_id,
    host, node, project_id, user_id, reservation_id, uuids, changes_since,
    changes_before, locked, tags, key_name, availability_zone, ip (ignored here)."""
    filters = filters or {}
    pattern = name_pattern(filters["name"]) if filters.get("name") else None
    query = _visible(select(M), ctx, read_deleted or "changes_since" in filters)
    query = _apply_filters(query, filters)
    keys = _sort_columns(sort_keys, sort_dirs)
    query = query.order_by(*keyset.order(keys))
    with reader() as session:
        if marker:
            marker_row = session.scalar(_visible(select(M).where(M.uuid == marker),
                                                 ctx, True))
            if marker_row is None:
                raise exceptions.BadRequest(f"marker [{marker}] not found")
            query = query.where(keyset.after(
                keys, [getattr(marker_row, column.key) for column, _ in keys]))
        if limit is not None and pattern is None:
            query = query.limit(limit)
        rows = list(session.scalars(query))
    if pattern is not None:
        # names are matched as regular expressions, which SQL cannot do portably
        rows = [r for r in rows if pattern.search(r.display_name or "")][:limit]
    return rows


MAX_NAME_PATTERN = 1000
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False


def name_pattern(text: str, what: str = "name"):
    """A name (or ip) filter as Nova reads it: a regular expression searched
    for in the value, as the databases' REGEXP operators do. RE2 matches in
    time linear in the value, so no pattern (such as ^(a+)+$) can stall the
    API; it has no backreferences or lookaround, which are refused (400)."""
    if len(text) > MAX_NAME_PATTERN:
        raise exceptions.BadRequest(f"Invalid {what} filter: longer than "
                                    f"{MAX_NAME_PATTERN} characters.")
    try:
        return re2.compile(text, _RE2_OPTIONS)
    except re2.error as error:
        reason = error.args[0] if error.args else ""
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise exceptions.BadRequest(f"Invalid {what} filter {text!r}: {reason}")


def _like_literal(text: str) -> str:
    """text for a LIKE pattern, its wildcards escaped with '!' (a backslash
    would need escaping itself in MySQL's string literals)."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _apply_filters(query, filters):
    simple = {"image_ref": M.image_ref, "host": M.host, "node": M.node,
              "project_id": M.project_id, "user_id": M.user_id,
              "reservation_id": M.reservation_id, "key_name": M.key_name,
              "availability_zone": M.availability_zone, "locked": M.locked}
    for name, column in simple.items():
        if filters.get(name) is not None:
            query = query.where(column == filters[name])
    if filters.get("vm_states"):
        query = query.where(M.vm_state.in_(filters["vm_states"]))
    if filters.get("task_states"):
        query = query.where(M.task_state.in_(filters["task_states"]))
    if filters.get("uuids") is not None:
        query = query.where(M.uuid.in_(filters["uuids"]))
    if filters.get("flavor_id") is not None:
        flavor_id = _like_literal(filters["flavor_id"])
        query = query.where(M.flavor.like(f'%"flavorid": "{flavor_id}"%', escape="!"))
    if filters.get("changes_since") is not None:
        query = query.where(M.updated_at >= filters["changes_since"])
    if filters.get("changes_before") is not None:
        query = query.where(M.updated_at <= filters["changes_before"])
    for tag in filters.get("tags") or ():
        query = query.where(M.uuid.in_(select(models.InstanceTag.instance_uuid)
                                       .where(models.InstanceTag.tag == tag)))
    if filters.get("tags_any"):
        query = query.where(M.uuid.in_(select(models.InstanceTag.instance_uuid).where(
            models.InstanceTag.tag.in_(filters["tags_any"]))))
    return query


def _sort_columns(sort_keys, sort_dirs) -> list:
    """(column, direction) of the known sort keys, then the id in the first
    key's direction so that no two rows tie."""
    keys = [(getattr(M, key), direction) for key, direction in zip(sort_keys, sort_dirs)
            if getattr(M, key, None) is not None]
    return keys + [(M.id, sort_dirs[0] if sort_dirs else "asc")]


def update(uuid: str, expected_task_state=ANY, expected_vm_state=ANY,
           **values) -> models.Instance:
    """Change an instance; Conflict if its states are no longer the expected ones."""
    statement = sql_update(M).where(M.uuid == uuid, M.deleted.is_(False))
    for column, expected in ((M.task_state, expected_task_state),
                             (M.vm_state, expected_vm_state)):
        if expected is ANY:
            continue
        options = expected if isinstance(expected, (list, tuple, set, frozenset)) \
            else [expected]
        options = [getattr(o, "value", o) for o in options]
        condition = column.in_([o for o in options if o is not None])
        if None in options:
            condition = or_(condition, column.is_(None))
        statement = statement.where(condition)
    values = {k: getattr(v, "value", v) for k, v in values.items()}
    values["updated_at"] = models.utcnow()
    with transaction() as session:
        if session.execute(statement.values(**values)
                           .execution_options(synchronize_session=False)).rowcount != 1:
            current = session.scalar(select(M).where(M.uuid == uuid))
            if current is None or current.deleted:
                raise exceptions.NotFound(f"Instance {uuid} could not be found.")
            raise exceptions.Conflict(
                f"Instance {uuid} is in vm_state {current.vm_state} and task_state "
                f"{current.task_state}; the request expected another state.")
    return get(uuid, read_deleted=True)


def release_quota(uuid: str) -> bool:
    """Give back an instance's quota now (a build that found no host); the
    later delete then gives back nothing. False if it was already given back."""
    row = get(uuid, read_deleted=True)
    deltas = quota_deltas(row.vcpus, row.memory_mb)
    try:
        with quotas.releasing(row.project_id, deltas) as session:
            if session.execute(sql_update(M).where(M.uuid == uuid, M.quota_held.is_(True))
                               .values(quota_held=False)
                               .execution_options(synchronize_session=False)
                               ).rowcount != 1:
                raise _NothingToRelease()
    except _NothingToRelease:
        return False
    return True


def mark_deleted(uuid: str) -> models.Instance:
    """Delete an instance's record and give back its quota, its addresses and
    whatever it and its moves still hold on any compute node, exactly once."""
    row = get(uuid, read_deleted=True)
    if row.deleted:
        return row
    now = models.utcnow()
    deltas = quota_deltas(row.vcpus, row.memory_mb) if row.quota_held else {}
    try:
        with quotas.releasing(row.project_id, deltas) as session:
            if session.execute(
                    sql_update(M).where(M.uuid == uuid, M.deleted.is_(False))
                    .values(deleted=True, vm_state="deleted", task_state=None,
                            power_state=0, quota_held=False, deleted_at=now,
                            terminated_at=now, updated_at=now)
                    .execution_options(synchronize_session=False)).rowcount != 1:
                raise _NothingToRelease()
            session.execute(delete(models.ServerGroupMember).where(
                models.ServerGroupMember.instance_uuid == uuid))
            moves = session.scalars(select(models.Migration.uuid).where(
                models.Migration.instance_uuid == uuid))
            allocations.release_in(session, [uuid, *moves])
            floating_ips.release_auto_assigned_in(session, uuid)
            networks.release_instance_in(session, uuid)
            security_groups.unbind_all_in(session, uuid)
            instance_passwords.clear_in(session, uuid)
    except _NothingToRelease:
        pass  # deleted meanwhile by another request: its quota went back there
    return get(uuid, read_deleted=True)


class _NothingToRelease(Exception):
    """Raised inside a releasing transaction so that it rolls back."""


def by_host(host: str) -> list[models.Instance]:
    with reader() as session:
        return list(session.scalars(select(M).where(M.host == host,
                                                    M.deleted.is_(False))))


def uuids_involving_host(host: str) -> set[str]:
    """Instances on the host or moving to or from it."""
    with reader() as session:
        return set(session.scalars(select(M.uuid).where(
            (M.host == host) | (M.migration_host == host), M.deleted.is_(False))))


# --- metadata, tags, faults ---------------------------------------------------

def metadata_for(uuids: list[str]) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {u: {} for u in uuids}
    if not uuids:
        return result
    with reader() as session:
        for row in session.scalars(select(models.InstanceMetadata).where(
                models.InstanceMetadata.instance_uuid.in_(uuids))):
            result[row.instance_uuid][row.key] = row.value
    return result


def set_metadata(uuid: str, items: dict[str, str], replace: bool) -> dict[str, str]:
    with transaction() as session:
        if replace:
            session.execute(delete(models.InstanceMetadata).where(
                models.InstanceMetadata.instance_uuid == uuid))
        for key, value in items.items():
            row = None if replace else session.get(models.InstanceMetadata, (uuid, key))
            if row is None:
                session.add(models.InstanceMetadata(instance_uuid=uuid, key=key,
                                                    value=value))
            else:
                row.value = value
    return metadata_for([uuid])[uuid]


def delete_metadata_key(uuid: str, key: str) -> None:
    with transaction() as session:
        row = session.get(models.InstanceMetadata, (uuid, key))
        if row is None:
            raise exceptions.NotFound(f"Metadata item was not found: {key}")
        session.delete(row)


def tags_for(uuids: list[str]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {u: [] for u in uuids}
    if not uuids:
        return result
    with reader() as session:
        for row in session.scalars(select(models.InstanceTag).where(
                models.InstanceTag.instance_uuid.in_(uuids))
                .order_by(models.InstanceTag.tag)):
            result[row.instance_uuid].append(row.tag)
    return result


def set_tags(uuid: str, tags: list[str]) -> list[str]:
    with transaction() as session:
        session.execute(delete(models.InstanceTag).where(
            models.InstanceTag.instance_uuid == uuid))
        for tag in dict.fromkeys(tags):
            session.add(models.InstanceTag(instance_uuid=uuid, tag=tag))
    return tags_for([uuid])[uuid]


def add_tag(uuid: str, tag: str) -> None:
    with transaction() as session:
        if session.get(models.InstanceTag, (uuid, tag)) is None:
            session.add(models.InstanceTag(instance_uuid=uuid, tag=tag))


def delete_tag(uuid: str, tag: str) -> None:
    with transaction() as session:
        row = session.get(models.InstanceTag, (uuid, tag))
        if row is None:
            raise exceptions.NotFound(f"Tag {tag} could not be found.")
        session.delete(row)


def add_fault(uuid: str, code: int, message: str, details: str | None = None,
              host: str | None = None) -> None:
    with transaction() as session:
        session.add(models.InstanceFault(instance_uuid=uuid, code=code,
                                         message=message[:255], details=details,
                                         host=host))


def latest_faults(uuids: list[str]) -> dict[str, models.InstanceFault]:
    if not uuids:
        return {}
    result = {}
    with reader() as session:
        for row in session.scalars(select(models.InstanceFault).where(
                models.InstanceFault.instance_uuid.in_(uuids))
                .order_by(models.InstanceFault.id)):
            result[row.instance_uuid] = row
    return result
