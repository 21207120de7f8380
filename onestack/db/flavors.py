"""Repository of flavors, their extra specs and the projects that may use the
private ones; the five default flavors; the flavor a server boots with.

Flavors leave this module as plain dicts (the shape instances record):
id, flavorid, name, memory_mb, vcpus, root_gb, ephemeral_gb, swap,
rxtx_factor, is_public, disabled, description, extra_specs.
"""
from __future__ import annotations

from sqlalchemy import delete, func, or_, select

from onestack.common import exceptions
from onestack.db import keyset, models
from onestack.db.engine import reader, transaction

F, SPEC, ACCESS = models.Flavor, models.FlavorExtraSpec, models.FlavorProject

# flavorid, name, memory_mb, root_gb, vcpus
DEFAULT_FLAVORS = (
    ("1", "m1.tiny", 512, 1, 1),
    ("2", "m1.small", 2048, 20, 1),
    ("3", "m1.medium", 4096, 40, 2),
    ("4", "m1.large", 8192, 80, 4),
    ("5", "m1.xlarge", 16384, 160, 8),
)

# Nova's sort keys; vcpu_weight has no column here and sorts like id
SORT_COLUMNS = {
    "created_at": F.created_at, "description": func.coalesce(F.description, ""),
    "disabled": F.disabled, "ephemeral_gb": F.ephemeral_gb, "flavorid": F.flavorid,
    "id": F.id, "is_public": F.is_public, "memory_mb": F.memory_mb, "name": F.name,
    "root_gb": F.root_gb, "rxtx_factor": F.rxtx_factor, "swap": F.swap,
    "updated_at": func.coalesce(F.updated_at, F.created_at), "vcpu_weight": F.id,
    "vcpus": F.vcpus,
}
FIELDS = ("id", "flavorid", "name", "memory_mb", "vcpus", "root_gb", "ephemeral_gb",
          "swap", "rxtx_factor", "is_public", "disabled", "description")


def _missing(flavorid) -> exceptions.NotFound:
    return exceptions.NotFound(f"Flavor {flavorid} could not be found.")


def _as_dict(row, specs: dict[str, str]) -> dict:
    values = {name: getattr(row, name) for name in FIELDS}
    values["extra_specs"] = dict(specs)
    return values


def _specs_of(session, flavor_ids) -> dict[int, dict[str, str]]:
    result = {flavor_id: {} for flavor_id in flavor_ids}
    if result:
        for spec in session.scalars(select(SPEC).where(SPEC.flavor_id.in_(list(result)))):
            result[spec.flavor_id][spec.key] = spec.value
    return result


def _visible(query, project_id: str | None, is_admin: bool):
    """What a caller may see by id: all for the admin, else public flavors
    and private ones its project was given."""
    if is_admin:
        return query
    return query.where(or_(F.is_public.is_(True), _has_access(project_id)))


def _has_access(project_id: str | None):
    return F.id.in_(select(ACCESS.flavor_id).where(ACCESS.project_id == project_id))


def get(flavorid: str, project_id: str | None = None, is_admin: bool = True) -> dict:
    """The flavor with this flavorid, if the caller may see it."""
    query = _visible(select(F).where(F.flavorid == str(flavorid)), project_id, is_admin)
    with reader() as session:
        row = session.scalar(query)
        if row is None:
            raise _missing(flavorid)
        return _as_dict(row, _specs_of(session, [row.id])[row.id])


def list_(project_id: str | None, is_admin: bool, is_public: bool | None = True,
          min_memory_mb: int | None = None, min_root_gb: int | None = None,
          sort_key: str = "flavorid", sort_dir: str = "asc",
          limit: int | None = None, marker: str | None = None) -> list[dict]:
    """Flavors as Nova lists them: members see public flavors and the private
    ones of their project, never disabled ones; the admin chooses with
    is_public (True: public and its project's, False: private, None: all).
    NotFound if the marker names no flavor the caller may see."""
    query = select(F)
    if not is_admin:
        query = query.where(F.disabled.is_(False))
        is_public = True
    if is_public is True:
        query = query.where(or_(F.is_public.is_(True), _has_access(project_id)))
    elif is_public is False:
        query = query.where(F.is_public.is_(False))
    if min_memory_mb is not None:
        query = query.where(F.memory_mb >= min_memory_mb)
    if min_root_gb is not None:
        query = query.where(F.root_gb >= min_root_gb)
    column = SORT_COLUMNS[sort_key]
    keys = ((column, sort_dir), (F.id, sort_dir))
    with reader() as session:
        if marker is not None:
            after = session.execute(_visible(
                select(column, F.id).where(F.flavorid == marker),
                project_id, is_admin)).first()
            if after is None:
                raise exceptions.NotFound(f"Marker {marker} could not be found.")
            query = query.where(keyset.after(keys, tuple(after)))
        query = query.order_by(*keyset.order(keys))
        if limit is not None:
            query = query.limit(limit)
        rows = list(session.scalars(query))
        specs = _specs_of(session, [row.id for row in rows])
        return [_as_dict(row, specs[row.id]) for row in rows]


def create(flavorid: str, name: str, memory_mb: int, vcpus: int, root_gb: int,
           ephemeral_gb: int = 0, swap: int = 0, rxtx_factor: float = 1.0,
           is_public: bool = True, description: str | None = None) -> dict:
    """A new flavor; Conflict if its name or flavorid is taken."""
    with transaction() as session:
        if session.scalar(select(F.id).where(F.name == name)) is not None:
            raise exceptions.Conflict(f"Flavor with name {name} already exists.")
        if session.scalar(select(F.id).where(F.flavorid == flavorid)) is not None:
            raise exceptions.Conflict(f"Flavor with ID {flavorid} already exists.")
        row = F(flavorid=flavorid, name=name, memory_mb=memory_mb, vcpus=vcpus,
                root_gb=root_gb, ephemeral_gb=ephemeral_gb, swap=swap,
                rxtx_factor=rxtx_factor, is_public=is_public, disabled=False,
                description=description)
        session.add(row)
        session.flush()
        return _as_dict(row, {})


def _row(session, flavorid: str, lock: bool = False):
    query = select(F).where(F.flavorid == str(flavorid))
    if lock:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        raise _missing(flavorid)
    return row


def update_description(flavorid: str, description: str | None) -> dict:
    with transaction() as session:
        row = _row(session, flavorid, lock=True)
        row.description = description
        session.flush()
        return _as_dict(row, _specs_of(session, [row.id])[row.id])


def delete_(flavorid: str) -> None:
    """Deletes the flavor with its extra specs and access list; servers keep
    the copy of it they booted with."""
    with transaction() as session:
        row = _row(session, flavorid, lock=True)
        session.execute(delete(SPEC).where(SPEC.flavor_id == row.id))
        session.execute(delete(ACCESS).where(ACCESS.flavor_id == row.id))
        session.delete(row)


# --- extra specs --------------------------------------------------------------

def set_extra_specs(flavorid: str, specs: dict[str, str]) -> dict[str, str]:
    """Adds or replaces the given keys; returns all the flavor's specs."""
    with transaction() as session:
        row = _row(session, flavorid, lock=True)
        for key, value in specs.items():
            current = session.get(SPEC, (row.id, key))
            if current is None:
                session.add(SPEC(flavor_id=row.id, key=key, value=value))
            else:
                current.value = value
        row.updated_at = models.utcnow()
        session.flush()
        return _specs_of(session, [row.id])[row.id]


def delete_extra_spec(flavorid: str, key: str) -> None:
    with transaction() as session:
        row = _row(session, flavorid, lock=True)
        current = session.get(SPEC, (row.id, key))
        if current is None:
            raise exceptions.NotFound(
                f"Flavor {flavorid} has no extra specs with key {key}.")
        session.delete(current)
        row.updated_at = models.utcnow()


# --- access to private flavors ------------------------------------------------

def access_list(flavorid: str) -> list[str]:
    """The projects given a flavor, in the order they were given it."""
    with reader() as session:
        row = _row(session, flavorid)
        return list(session.scalars(select(ACCESS.project_id)
                                    .where(ACCESS.flavor_id == row.id)))


def add_access(flavorid: str, project_id: str) -> list[str]:
    with transaction() as session:
        row = _row(session, flavorid, lock=True)
        if session.get(ACCESS, (row.id, project_id)) is not None:
            raise exceptions.Conflict(
                f"Flavor access already exists for flavor {flavorid} and project "
                f"{project_id} combination.")
        session.add(ACCESS(flavor_id=row.id, project_id=project_id))
    return access_list(flavorid)


def remove_access(flavorid: str, project_id: str) -> list[str]:
    with transaction() as session:
        row = _row(session, flavorid, lock=True)
        current = session.get(ACCESS, (row.id, project_id))
        if current is None:
            raise exceptions.NotFound(
                f"Flavor access not found for {flavorid} / {project_id} "
                "combination.")
        session.delete(current)
    return access_list(flavorid)


# --- for the rest of the cloud --------------------------------------------------

def ensure_default_flavors() -> None:
    """Creates m1.tiny ... m1.xlarge (flavorids "1".."5") where neither the
    flavorid nor the name is taken; running it again changes nothing."""
    with transaction() as session:
        taken_ids = set(session.scalars(select(F.flavorid)))
        taken_names = set(session.scalars(select(F.name)))
        for flavorid, name, memory_mb, root_gb, vcpus in DEFAULT_FLAVORS:
            if flavorid in taken_ids or name in taken_names:
                continue
            session.add(F(flavorid=flavorid, name=name, memory_mb=memory_mb,
                          vcpus=vcpus, root_gb=root_gb, ephemeral_gb=0, swap=0,
                          rxtx_factor=1.0, is_public=True, disabled=False))


def get_flavor_for_boot(ctx_project_id: str | None, flavor_ref: str,
                        is_admin: bool) -> dict:
    """The flavor a server may boot with (or resize to), as a plain dict.
    BadRequest for an empty reference; NotFound for a flavor the project may
    not see or a disabled one."""
    flavorid = str(flavor_ref or "").strip()
    if not flavorid:
        raise exceptions.BadRequest("Invalid flavorRef provided.")
    flavor = get(flavorid, ctx_project_id, is_admin)
    if flavor["disabled"]:
        raise _missing(flavorid)
    return flavor
