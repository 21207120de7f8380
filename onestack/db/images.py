"""Repository of the image aggregate: images, their properties, tags and members.

Reads return plain records (ImageRecord, MemberRecord), never live ORM rows.
Writes that depend on the current state take a `guard`, called with the
record as it is inside the write transaction, which raises to refuse.
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Callable

from sqlalchemy import and_, delete, exists, func, or_, select

from onestack.common import exceptions
from onestack.db import keyset, models
from onestack.db.engine import reader, transaction

Image, Property, Tag, Member = (models.Image, models.ImageProperty, models.ImageTag,
                                models.ImageMember)
COLUMNS = ("id", "name", "owner", "status", "visibility", "disk_format",
           "container_format", "size", "virtual_size", "checksum", "os_hash_algo",
           "os_hash_value", "min_disk", "min_ram", "protected", "os_hidden",
           "location", "created_at", "updated_at")
# sort keys and the expression each sorts by (NULLs compare as the lowest value)
SORT_KEYS = {
    "name": func.coalesce(Image.name, ""),
    "status": Image.status,
    "container_format": func.coalesce(Image.container_format, ""),
    "disk_format": func.coalesce(Image.disk_format, ""),
    "size": func.coalesce(Image.size, -1),
    "id": Image.id,
    "created_at": Image.created_at,
    "updated_at": func.coalesce(Image.updated_at, Image.created_at),
}
RANGE_OPS = {"eq": "__eq__", "neq": "__ne__", "gt": "__gt__", "gte": "__ge__",
             "lt": "__lt__", "lte": "__le__"}


@dataclasses.dataclass
class ImageRecord:
    id: str
    name: str | None
    owner: str | None
    status: str
    visibility: str
    disk_format: str | None
    container_format: str | None
    size: int | None
    virtual_size: int | None
    checksum: str | None
    os_hash_algo: str | None
    os_hash_value: str | None
    min_disk: int
    min_ram: int
    protected: bool
    os_hidden: bool
    location: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    properties: dict[str, str] = dataclasses.field(default_factory=dict)
    tags: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class MemberRecord:
    image_id: str
    member: str
    status: str
    created_at: datetime.datetime
    updated_at: datetime.datetime | None


@dataclasses.dataclass(frozen=True)
class Viewer:
    """Who lists: an administrator sees every image, a project what it may see."""
    project_id: str | None
    is_admin: bool = False


@dataclasses.dataclass
class Filters:
    visibility: str | None = None        # None: the default listing; or "all", ...
    member_status: str = "accepted"      # of images shared with the viewer
    os_hidden: bool = False
    any_of: dict[str, list] = dataclasses.field(default_factory=dict)   # column in values
    ranges: list[tuple[str, str, object]] = dataclasses.field(default_factory=list)
    tags: list[str] = dataclasses.field(default_factory=list)
    properties: dict[str, str] = dataclasses.field(default_factory=dict)


# --- reading ------------------------------------------------------------------

def _records(session, rows) -> list[ImageRecord]:
    records = [ImageRecord(**{c: getattr(row, c) for c in COLUMNS}) for row in rows]
    by_id = {record.id: record for record in records}
    if by_id:
        for prop in session.scalars(select(Property).where(Property.image_id.in_(by_id))):
            by_id[prop.image_id].properties[prop.name] = prop.value
        for tag in session.scalars(select(Tag).where(Tag.image_id.in_(by_id))
                                   .order_by(Tag.value)):
            by_id[tag.image_id].tags.append(tag.value)
    return records


def _row(session, image_id: str, lock: bool = False):
    query = select(Image).where(Image.id == image_id)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise exceptions.NotFound(f"No image found with ID {image_id}")
    return row


def get(image_id: str) -> ImageRecord:
    with reader() as session:
        return _records(session, [_row(session, image_id)])[0]


def _member_of(project_id, statuses=None):
    condition = and_(Member.image_id == Image.id, Member.member == project_id)
    if statuses is not None:
        condition = and_(condition, Member.status.in_(statuses))
    return exists().where(condition)


def _visible_to(viewer: Viewer, visibility: str | None, member_status: str):
    if viewer.is_admin:
        return Image.visibility == visibility if visibility not in (None, "all") else None
    project = viewer.project_id
    statuses = None if member_status == "all" else [member_status]
    shared_with_me = and_(Image.visibility == "shared", _member_of(project, statuses))
    if visibility is None:
        return or_(Image.owner == project, Image.visibility == "public", shared_with_me)
    if visibility == "all":
        return or_(Image.owner == project, Image.visibility.in_(["public", "community"]),
                   shared_with_me)
    if visibility == "private":
        return and_(Image.visibility == "private", Image.owner == project)
    if visibility == "shared":
        return and_(Image.visibility == "shared",
                    or_(Image.owner == project, _member_of(project, statuses)))
    return Image.visibility == visibility


def _conditions(viewer: Viewer, filters: Filters) -> list:
    conditions = [Image.os_hidden == filters.os_hidden]
    visible = _visible_to(viewer, filters.visibility, filters.member_status)
    if visible is not None:
        conditions.append(visible)
    for column, values in filters.any_of.items():
        conditions.append(getattr(Image, column).in_(values))
    for column, op, value in filters.ranges:
        conditions.append(getattr(getattr(Image, column), RANGE_OPS[op])(value))
    for tag in filters.tags:
        conditions.append(exists().where(Tag.image_id == Image.id, Tag.value == tag))
    for name, value in filters.properties.items():
        conditions.append(exists().where(Property.image_id == Image.id,
                                         Property.name == name, Property.value == value))
    return conditions


def _after_marker(session, viewer: Viewer, marker: str, keys):
    exprs = [SORT_KEYS[key] for key, _ in keys]
    visible = _visible_to(viewer, "all", "all")
    query = select(*exprs).where(Image.id == marker)
    values = session.execute(query if visible is None else query.where(visible)).first()
    if values is None:
        raise exceptions.BadRequest(f"The marker {marker} could not be found.")
    return keyset.after([(SORT_KEYS[key], direction) for key, direction in keys], values)


def list_(viewer: Viewer, filters: Filters, sort: list[tuple[str, str]],
          limit: int, marker: str | None = None) -> list[ImageRecord]:
    """One page of the images viewer may see that match filters, in sort order."""
    keys = list(sort)
    if "id" not in [key for key, _ in keys]:
        keys.append(("id", keys[-1][1] if keys else "desc"))
    query = select(Image).where(*_conditions(viewer, filters))
    with reader() as session:
        if marker:
            query = query.where(_after_marker(session, viewer, marker, keys))
        order = keyset.order([(SORT_KEYS[key], direction) for key, direction in keys])
        rows = session.scalars(query.order_by(*order).limit(limit)).all()
        return _records(session, rows)


def usage(owner: str) -> int:
    """Bytes of image data stored for owner."""
    with reader() as session:
        return session.scalar(select(func.coalesce(func.sum(Image.size), 0))
                              .where(Image.owner == owner)) or 0


# --- writing ------------------------------------------------------------------

def create(values: dict, properties: dict[str, str], tags: list[str]) -> ImageRecord:
    now = models.utcnow()
    with transaction() as session:
        if session.get(Image, values["id"]) is not None:
            raise exceptions.Conflict(f"Image with identifier {values['id']} "
                                      "already exists!")
        session.add(Image(created_at=now, updated_at=now, **values))
        session.flush()
        session.add_all(Property(image_id=values["id"], name=name, value=value)
                        for name, value in properties.items())
        session.add_all(Tag(image_id=values["id"], value=tag) for tag in set(tags))
        session.flush()
        return _records(session, [_row(session, values["id"])])[0]


Guard = Callable[[ImageRecord], None]


def update(image_id: str, values: dict | None = None,
           set_properties: dict[str, str] | None = None,
           remove_properties: list[str] = (), tags: list[str] | None = None,
           guard: Guard | None = None) -> ImageRecord:
    """Change columns, properties and (when given) the whole tag set at once."""
    with transaction() as session:
        row = _row(session, image_id, lock=True)
        if guard is not None:
            guard(_records(session, [row])[0])
        for name, value in (values or {}).items():
            setattr(row, name, value)
        row.updated_at = models.utcnow()
        if remove_properties:
            session.execute(delete(Property).where(Property.image_id == image_id,
                                                   Property.name.in_(remove_properties)))
        for name, value in (set_properties or {}).items():
            session.merge(Property(image_id=image_id, name=name, value=value))
        if tags is not None:
            session.execute(delete(Tag).where(Tag.image_id == image_id))
            session.add_all(Tag(image_id=image_id, value=tag) for tag in set(tags))
        session.flush()
        return _records(session, [row])[0]


def finish_upload(image_id: str, values: dict, quota: int) -> ImageRecord:
    """saving -> active with the data's values, if the owner's stored bytes
    stay within quota (0: unlimited). Checked under row locks on the owner's
    images, so concurrent uploads cannot both pass."""
    with transaction() as session:
        row = _row(session, image_id, lock=True)
        if row.status != "saving":
            raise exceptions.Conflict(f"Image {image_id} is {row.status}, no "
                                      "longer saving: the upload was abandoned.")
        if quota:
            sizes = session.execute(select(Image.id, Image.size).where(
                Image.owner == row.owner, Image.id != image_id).with_for_update()).all()
            used = sum(size or 0 for _, size in sizes)
            if used + values["size"] > quota:
                raise exceptions.RequestTooLarge(
                    f"The size of the data {values['size']} will exceed the "
                    f"limit. {max(quota - used, 0)} bytes remaining.")
        for name, value in values.items():
            setattr(row, name, value)
        row.status = "active"
        row.updated_at = models.utcnow()
        session.flush()
        return _records(session, [row])[0]


def delete_(image_id: str, guard: Guard | None = None) -> ImageRecord:
    """Remove the record (properties, tags and members go with it)."""
    with transaction() as session:
        row = _row(session, image_id, lock=True)
        record = _records(session, [row])[0]
        if guard is not None:
            guard(record)
        session.delete(row)
    return record


def add_tag(image_id: str, tag: str, max_tags: int) -> None:
    with transaction() as session:
        _row(session, image_id, lock=True)
        if session.get(Tag, (image_id, tag)) is not None:
            return
        count = session.scalar(select(func.count()).where(Tag.image_id == image_id))
        if 0 <= max_tags <= count:
            raise exceptions.RequestTooLarge(
                f"Image tag limit exceeded for image {image_id}: at most "
                f"{max_tags} tags.")
        session.add(Tag(image_id=image_id, value=tag))


def remove_tag(image_id: str, tag: str) -> None:
    with transaction() as session:
        row = session.get(Tag, (image_id, tag))
        if row is None:
            raise exceptions.NotFound(f"Tag {tag} not found on image {image_id}.")
        session.delete(row)
        _row(session, image_id).updated_at = models.utcnow()


# --- members ------------------------------------------------------------------

def _member(row) -> MemberRecord:
    return MemberRecord(image_id=row.image_id, member=row.member, status=row.status,
                        created_at=row.created_at, updated_at=row.updated_at)


def get_member(image_id: str, member: str) -> MemberRecord | None:
    with reader() as session:
        row = session.get(Member, (image_id, member))
        return _member(row) if row is not None else None


def list_members(image_id: str) -> list[MemberRecord]:
    with reader() as session:
        return [_member(row) for row in session.scalars(
            select(Member).where(Member.image_id == image_id).order_by(Member.created_at,
                                                                      Member.member))]


def add_member(image_id: str, member: str, max_members: int) -> MemberRecord:
    now = models.utcnow()
    with transaction() as session:
        _row(session, image_id, lock=True)
        if session.get(Member, (image_id, member)) is not None:
            raise exceptions.Conflict(f"Member {member} is duplicated for image "
                                      f"{image_id}")
        count = session.scalar(select(func.count()).where(Member.image_id == image_id))
        if 0 <= max_members <= count:
            raise exceptions.RequestTooLarge(
                f"Image member limit exceeded for image {image_id}: at most "
                f"{max_members} members.")
        row = Member(image_id=image_id, member=member, status="pending",
                     created_at=now, updated_at=now)
        session.add(row)
        return _member(row)


def _member_row(session, image_id: str, member: str):
    row = session.get(Member, (image_id, member))
    if row is None:
        raise exceptions.NotFound(f"{member} not found in the member list of the "
                                  f"image {image_id}.")
    return row


def update_member(image_id: str, member: str, status: str) -> MemberRecord:
    with transaction() as session:
        row = _member_row(session, image_id, member)
        row.status = status
        row.updated_at = models.utcnow()
        return _member(row)


def delete_member(image_id: str, member: str) -> None:
    with transaction() as session:
        session.delete(_member_row(session, image_id, member))
