"""Per-user quota limits (os-quota-sets with ?user_id): where one user of a
project may use less than the project. Limits are rows of
project_user_quotas; what a user uses is counted from the rows that use it,
inside the transaction that holds the project's usage rows locked (see
db.quotas.consuming), so it is exact under concurrency.
"""
from __future__ import annotations

from sqlalchemy import delete, func, select

from onestack.db import models
from onestack.db.engine import reader, transaction

Q, I, G = models.ProjectUserQuota, models.Instance, models.ServerGroup


def _instances(project_id: str, user_id: str):
    return (I.project_id == project_id, I.user_id == user_id, I.deleted.is_(False),
            I.quota_held.is_(True))


# resource -> the query of what one user of a project uses of it
COUNTED = {
    "instances": lambda p, u: select(func.count()).where(*_instances(p, u)),
    "cores": lambda p, u: select(func.coalesce(func.sum(I.vcpus), 0))
    .where(*_instances(p, u)),
    "ram": lambda p, u: select(func.coalesce(func.sum(I.memory_mb), 0))
    .where(*_instances(p, u)),
    "server_groups": lambda p, u: select(func.count()).where(G.project_id == p,
                                                           G.user_id == u),
}


def used_in(session, project_id: str, user_id: str, resource: str) -> int:
    """What the user uses of a counted resource, read in session."""
    return int(session.scalar(COUNTED[resource](project_id, user_id)))


def usages(project_id: str, user_id: str) -> dict[str, int]:
    with reader() as session:
        return {resource: used_in(session, project_id, user_id, resource)
                for resource in COUNTED}


def overrides(project_id: str, user_id: str) -> dict[str, int]:
    """The limits set for this user alone (resource -> limit)."""
    with reader() as session:
        return {row.resource: row.hard_limit for row in session.scalars(
            select(Q).where(Q.project_id == project_id, Q.user_id == user_id))}


def set_limits(project_id: str, user_id: str, values: dict[str, int]) -> None:
    with transaction() as session:
        for resource, hard_limit in values.items():
            row = session.get(Q, (project_id, user_id, resource))
            if row is None:
                session.add(Q(project_id=project_id, user_id=user_id,
                              resource=resource, hard_limit=hard_limit))
            else:
                row.hard_limit = hard_limit


def reset(project_id: str, user_id: str) -> None:
    with transaction() as session:
        session.execute(delete(Q).where(Q.project_id == project_id,
                                        Q.user_id == user_id))


def reset_all_users(project_id: str) -> None:
    """Drops every user limit of the project (its own limits stay)."""
    with transaction() as session:
        session.execute(delete(Q).where(Q.project_id == project_id))
