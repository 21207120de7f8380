"""Repository of the identity aggregate: domains, projects, users, roles,
role assignments, the service catalog, credentials and revocation events."""
from __future__ import annotations

import dataclasses
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


def credential_key_hashes() -> set[str | None]:
    """The key_hash values of the credentials: the keys their blobs are
    encrypted with (None: a blob not encrypted yet)."""
    query = select(models.Credential.key_hash).distinct()
    with reader() as session:
        return set(session.scalars(query))


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


def _roles_query(user_id: str, target_type: str, target_id: str):
    return (select(models.Role).join(
        models.RoleAssignment, models.RoleAssignment.role_id == models.Role.id)
        .where(models.RoleAssignment.user_id == user_id,
               models.RoleAssignment.target_type == target_type,
               models.RoleAssignment.target_id == target_id)
        .order_by(models.Role.name))


def roles_of(user_id: str, target_type: str, target_id: str) -> list[models.Role]:
    with reader() as session:
        return list(session.scalars(_roles_query(user_id, target_type, target_id)))


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


def _revocation_query(user_id: str, project_id: str | None, audit_ids: list[str],
                      issued_at: datetime.datetime):
    """A token is revoked by an event on one of its audit ids, or by an event on
    its user or project at or after the time it was issued."""
    event = models.RevocationEvent
    owners = [event.user_id == user_id]
    if project_id:
        owners.append(event.project_id == project_id)
    return (select(event.id).where(or_(
        event.audit_id.in_(audit_ids),
        and_(event.audit_id.is_(None), or_(*owners),
             event.revoked_at >= issued_at))).limit(1))


@dataclasses.dataclass
class TokenSubject:
    """Everything validating a token needs, read in one transaction."""
    user: models.User
    user_domain: models.Domain
    project: models.Project | None
    project_domain: models.Domain | None
    domain: models.Domain | None
    roles: list[models.Role]


def token_subject(user_id: str, project_id: str | None, domain_id: str | None,
                  audit_ids: list[str] | None = None,
                  issued_at: datetime.datetime | None = None) -> TokenSubject | None:
    """None when the token is revoked (audit_ids and issued_at given) or its
    user, project or domain no longer exists."""
    with reader() as session:
        if audit_ids is not None and session.scalar(
                _revocation_query(user_id, project_id, audit_ids, issued_at)):
            return None
        user_row = session.execute(
            select(models.User, models.Domain)
            .join(models.Domain, models.Domain.id == models.User.domain_id)
            .where(models.User.id == user_id)).first()
        project_row = session.execute(
            select(models.Project, models.Domain)
            .join(models.Domain, models.Domain.id == models.Project.domain_id)
            .where(models.Project.id == project_id)).first() if project_id else None
        domain = session.get(models.Domain, domain_id) if domain_id else None
        if user_row is None or (project_id and project_row is None) or \
                (domain_id and domain is None):
            return None
        project, project_domain = project_row if project_row else (None, None)
        subject = TokenSubject(user=user_row[0], user_domain=user_row[1],
                               project=project, project_domain=project_domain,
                               domain=domain, roles=[])
        if project or domain:
            target_type = "project" if project else "domain"
            subject.roles = list(session.scalars(_roles_query(
                user_id, target_type, project_id or domain_id)))
        return subject
