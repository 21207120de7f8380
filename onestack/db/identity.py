"""Repository of the identity aggregate: domains, projects, users, roles,
role assignments, the service catalog, credentials and revocation events."""
from __future__ import annotations

import datetime
import uuid

from sqlalchemy import and_, delete, or_, select

from onestack.common import exceptions
from onestack.db import models
from onestack.db.engine import reader, transaction

_KINDS = {
    "domain": models.Domain,
    "project": models.Project,
    "user": models.User,
    "role": models.Role,
    "service": models.CatalogService,
    "endpoint": models.CatalogEndpoint,
    "credential": models.Credential,
}

# filters a list call may take per kind (query parameter -> column)
_FILTERS = {
    "domain": ("name", "enabled"),
    "project": ("name", "domain_id", "enabled", "parent_id"),
    "user": ("name", "domain_id", "enabled"),
    "role": ("name",),
    "service": ("type", "name"),
    "endpoint": ("service_id", "interface", "region_id"),
    "credential": ("user_id", "type", "project_id"),
}


def new_id() -> str:
    return uuid.uuid4().hex


def get(kind: str, object_id: str):
    with reader() as session:
        row = session.get(_KINDS[kind], object_id)
    if row is None:
        raise exceptions.NotFound(f"Could not find {kind}: {object_id}.")
    return row


def find(kind: str, **filters):
    """The one object matching filters, or None."""
    rows = list_(kind, **filters)
    return rows[0] if rows else None


def list_(kind: str, **filters):
    model = _KINDS[kind]
    query = select(model)
    for name, value in filters.items():
        if value is None:
            continue
        if name not in _FILTERS[kind]:
            raise ValueError(f"no filter {name} for {kind}")
        query = query.where(getattr(model, name) == value)
    with reader() as session:
        return list(session.scalars(query.order_by(model.id)))


def create(kind: str, **values):
    values.setdefault("id", new_id())
    row = _KINDS[kind](**values)
    with transaction() as session:
        session.add(row)
    return row


def update(kind: str, object_id: str, **values):
    with transaction() as session:
        row = session.get(_KINDS[kind], object_id)
        if row is None:
            raise exceptions.NotFound(f"Could not find {kind}: {object_id}.")
        for name, value in values.items():
            setattr(row, name, value)
    return row


def delete_(kind: str, object_id: str) -> None:
    with transaction() as session:
        row = session.get(_KINDS[kind], object_id)
        if row is None:
            raise exceptions.NotFound(f"Could not find {kind}: {object_id}.")
        if kind in ("project", "domain"):
            session.execute(delete(models.RoleAssignment).where(
                models.RoleAssignment.target_id == object_id))
        if kind == "domain" and session.scalar(select(models.Project.id).where(
                models.Project.domain_id == object_id).limit(1)):
            raise exceptions.Forbidden("Cannot delete a domain that still has "
                                       "projects.")
        session.delete(row)


# --- role assignments -------------------------------------------------------

def add_role(user_id: str, target_type: str, target_id: str, role_id: str) -> None:
    with transaction() as session:
        if session.get(models.RoleAssignment,
                       (user_id, target_type, target_id, role_id)) is None:
            session.add(models.RoleAssignment(user_id=user_id, target_type=target_type,
                                              target_id=target_id, role_id=role_id))


def remove_role(user_id: str, target_type: str, target_id: str, role_id: str) -> None:
    with transaction() as session:
        row = session.get(models.RoleAssignment,
                          (user_id, target_type, target_id, role_id))
        if row is None:
            raise exceptions.NotFound(
                f"Could not find role assignment with role: {role_id}, user or "
                f"group: {user_id}, {target_type}: {target_id}.")
        session.delete(row)


def list_assignments(user_id=None, target_type=None, target_id=None, role_id=None):
    query = select(models.RoleAssignment)
    for column, value in (("user_id", user_id), ("target_type", target_type),
                          ("target_id", target_id), ("role_id", role_id)):
        if value is not None:
            query = query.where(getattr(models.RoleAssignment, column) == value)
    with reader() as session:
        return list(session.scalars(query))


def roles_of(user_id: str, target_type: str, target_id: str) -> list[models.Role]:
    query = (select(models.Role).join(
        models.RoleAssignment, models.RoleAssignment.role_id == models.Role.id)
        .where(models.RoleAssignment.user_id == user_id,
               models.RoleAssignment.target_type == target_type,
               models.RoleAssignment.target_id == target_id)
        .order_by(models.Role.name))
    with reader() as session:
        return list(session.scalars(query))


def projects_of(user_id: str) -> list[models.Project]:
    query = (select(models.Project).join(
        models.RoleAssignment, models.RoleAssignment.target_id == models.Project.id)
        .where(models.RoleAssignment.user_id == user_id,
               models.RoleAssignment.target_type == "project")
        .distinct().order_by(models.Project.name))
    with reader() as session:
        return list(session.scalars(query))


# --- revocation -------------------------------------------------------------

def revoke(*, user_id=None, project_id=None, audit_id=None,
           prune_before: datetime.datetime | None = None) -> None:
    with transaction() as session:
        session.add(models.RevocationEvent(user_id=user_id, project_id=project_id,
                                           audit_id=audit_id,
                                           revoked_at=models.utcnow()))
        if prune_before is not None:
            session.execute(delete(models.RevocationEvent).where(
                models.RevocationEvent.revoked_at < prune_before))


def is_revoked(user_id: str, project_id: str | None, audit_ids: list[str],
               issued_at: datetime.datetime) -> bool:
    event = models.RevocationEvent
    owners = [event.user_id == user_id]
    if project_id:
        owners.append(event.project_id == project_id)
    query = (select(event.id).where(or_(
        event.audit_id.in_(audit_ids),
        and_(event.audit_id.is_(None), or_(*owners),
             event.revoked_at >= issued_at))).limit(1))
    with reader() as session:
        return session.scalar(query) is not None
