"""Quotas: each project's limits, and usage kept exact under concurrency.

Usage rows change in the same transaction as the rows that use them (an
instance, say), locked with SELECT ... FOR UPDATE on PostgreSQL and MySQL; on
SQLite the write transaction (BEGIN IMMEDIATE) serializes writers instead.
"""
from __future__ import annotations

import contextlib

from sqlalchemy import select

from onestack.common import exceptions
from onestack.db import models, user_quotas
from onestack.db.engine import reader, transaction


def class_key(name: str) -> str:
    """The quota_limits key of a quota class (os-quota-class-sets); the
    "default" class overrides the [quota] options for every project."""
    return f"class:{name}"


def _rows(project_id: str) -> dict[str, int]:
    with reader() as session:
        return {row.resource: row.hard_limit for row in session.scalars(
            select(models.QuotaLimit).where(models.QuotaLimit.project_id == project_id))}


def defaults(conf) -> dict[str, int]:
    values = {name: conf.quota[name] for name in conf.quota}
    values.update(_rows(class_key("default")))
    return values


def class_limits(conf, name: str) -> dict[str, int]:
    values = {name: conf.quota[name] for name in conf.quota}
    values.update(_rows(class_key(name)))
    return values


def limits(conf, project_id: str) -> dict[str, int]:
    values = defaults(conf)
    values.update(_rows(project_id))
    return values


def set_limits(project_id: str, values: dict[str, int]) -> None:
    with transaction() as session:
        for resource, hard_limit in values.items():
            row = session.get(models.QuotaLimit, (project_id, resource))
            if row is None:
                session.add(models.QuotaLimit(project_id=project_id, resource=resource,
                                              hard_limit=hard_limit))
            else:
                row.hard_limit = hard_limit


def reset_limits(project_id: str, resources=None) -> None:
    """Drop the project's own limits (of these resources; None: of all)."""
    query = select(models.QuotaLimit).where(models.QuotaLimit.project_id == project_id)
    if resources is not None:
        query = query.where(models.QuotaLimit.resource.in_(list(resources)))
    with transaction() as session:
        for row in session.scalars(query):
            session.delete(row)


def projects_with_limits(resources) -> list[str]:
    """The projects with a limit of their own on one of these resources
    (quota classes are not projects)."""
    with reader() as session:
        return [project for project in session.scalars(
            select(models.QuotaLimit.project_id).distinct()
            .where(models.QuotaLimit.resource.in_(list(resources)))
            .order_by(models.QuotaLimit.project_id))
            if not project.startswith(class_key(""))]


def usages(project_id: str) -> dict[str, int]:
    with reader() as session:
        return {row.resource: row.in_use for row in session.scalars(
            select(models.QuotaUsage).where(models.QuotaUsage.project_id == project_id))}


def check(resource: str, used: int, requested: int, limit: int) -> None:
    """Raise OverQuota (403) naming what was asked and what is left."""
    if limit >= 0 and used + requested > limit:
        raise exceptions.OverQuota(
            f"Quota exceeded for {resource}: Requested {requested}, but already "
            f"used {used} of {limit} {resource}")


def _locked_usages(session, project_id: str, resources) -> dict[str, models.QuotaUsage]:
    query = (select(models.QuotaUsage)
             .where(models.QuotaUsage.project_id == project_id,
                    models.QuotaUsage.resource.in_(list(resources)))
             .with_for_update())
    rows = {row.resource: row for row in session.scalars(query)}
    return rows


@contextlib.contextmanager
def consuming(conf, project_id: str, deltas: dict[str, int],
              user_id: str | None = None):
    """A write transaction that first checks deltas against the project's
    limits (and user_id's own limits, where set) and adds them to its usage;
    the caller adds the rows that use them.

    Usage rows are created beforehand in a transaction of their own, so that
    concurrent first uses do not collide on insert. A user's use is counted
    after the project's rows are locked: every writer of the project waits
    there, so the count is exact.
    """
    _ensure_rows(project_id, deltas)
    project_limits = limits(conf, project_id)
    user_limits = user_quotas.overrides(project_id, user_id) if user_id else {}
    with transaction() as session:
        rows = _locked_usages(session, project_id, deltas)
        for resource, delta in deltas.items():
            if delta > 0:
                check(resource, rows[resource].in_use, delta,
                      project_limits.get(resource, -1))
                if user_limits.get(resource, -1) >= 0 and \
                        resource in user_quotas.COUNTED:
                    check(resource, user_quotas.used_in(session, project_id, user_id,
                                                        resource),
                          delta, user_limits[resource])
        for resource, delta in deltas.items():
            rows[resource].in_use = max(rows[resource].in_use + delta, 0)
        yield session


@contextlib.contextmanager
def counting(conf, project_id: str, resource: str, count):
    """A write transaction that checks one more of a resource that no usage
    row counts (routers, subnets: count(session) counts the project's rows)
    against the project's limit; the caller adds the row. The resource's
    usage row is locked only to make the project's creators count one after
    another."""
    _ensure_rows(project_id, [resource])
    limit = limits(conf, project_id).get(resource, -1)
    with transaction() as session:
        _locked_usages(session, project_id, [resource])
        check(resource, count(session), 1, limit)
        yield session


@contextlib.contextmanager
def releasing(project_id: str, deltas: dict[str, int]):
    """A write transaction that gives back deltas; the caller removes the rows."""
    _ensure_rows(project_id, deltas)
    with transaction() as session:
        rows = _locked_usages(session, project_id, deltas)
        for resource, delta in deltas.items():
            rows[resource].in_use = max(rows[resource].in_use - delta, 0)
        yield session


def _ensure_rows(project_id: str, resources) -> None:
    with reader() as session:
        present = set(session.scalars(select(models.QuotaUsage.resource).where(
            models.QuotaUsage.project_id == project_id)))
    missing = [r for r in resources if r not in present]
    if not missing:
        return
    try:
        with transaction() as session:
            for resource in missing:
                if session.get(models.QuotaUsage, (project_id, resource)) is None:
                    session.add(models.QuotaUsage(project_id=project_id,
                                                  resource=resource, in_use=0))
    except exceptions.Conflict:
        pass  # another request created them first
