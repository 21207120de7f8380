"""Per-user quota limits (os-quota-sets with ?user_id): where one user of a
project may use less than the project.

The quota_limits table is keyed by (project_id, resource); a user's limits
are kept there under the scope "<project_id>/<user_id>", which no project id
can equal. Project ids never contain "/", so the scopes of one project are
exactly those starting with "<project_id>/".
"""
from __future__ import annotations

from sqlalchemy import delete, select

from onestack.db import models
from onestack.db.engine import reader, transaction

Q = models.QuotaLimit


def scope(project_id: str, user_id: str) -> str:
    return f"{project_id}/{user_id}"


def overrides(project_id: str, user_id: str) -> dict[str, int]:
    """The limits set for this user alone (resource -> limit)."""
    with reader() as session:
        return {row.resource: row.hard_limit for row in session.scalars(
            select(Q).where(Q.project_id == scope(project_id, user_id)))}


def set_limits(project_id: str, user_id: str, values: dict[str, int]) -> None:
    key = scope(project_id, user_id)
    with transaction() as session:
        for resource, hard_limit in values.items():
            row = session.get(Q, (key, resource))
            if row is None:
                session.add(Q(project_id=key, resource=resource, hard_limit=hard_limit))
            else:
                row.hard_limit = hard_limit


def reset(project_id: str, user_id: str) -> None:
    with transaction() as session:
        session.execute(delete(Q).where(Q.project_id == scope(project_id, user_id)))


def reset_all_users(project_id: str) -> None:
    """Drops every user limit of the project (its own limits stay)."""
    prefix = f"{project_id}/"
    with transaction() as session:
        session.execute(delete(Q).where(Q.project_id.startswith(prefix, autoescape=True)))
