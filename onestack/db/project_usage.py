"""Counts of what a project holds where no quota usage row keeps the count:
its ports (fixed IPs), subnets (networks with their CIDR), routers and
security group rules."""
from __future__ import annotations

from sqlalchemy import func, select

from onestack.db import models
from onestack.db.engine import reader

F, R = models.FixedIp, models.SecurityGroupRule
N, RT = models.Network, models.Router


def _count(model, project_id: str, session=None) -> int:
    """The project's rows of model (in session, when it is the caller's)."""
    query = select(func.count()).select_from(model).where(model.project_id == project_id)
    if session is not None:
        return session.scalar(query)
    with reader() as own:
        return own.scalar(query)


def subnets(project_id: str, session=None) -> int:
    return _count(N, project_id, session)


def routers(project_id: str, session=None) -> int:
    return _count(RT, project_id, session)


def ports(project_id: str) -> int:
    with reader() as session:
        return session.scalar(select(func.count()).select_from(F).where(
            F.project_id == project_id, F.reserved.is_(False)))


def security_group_rules(project_id: str, counted) -> int:
    """The project's rules that counted(rule) counts."""
    with reader() as session:
        return sum(1 for rule in session.scalars(
            select(R).where(R.project_id == project_id)) if counted(rule))
