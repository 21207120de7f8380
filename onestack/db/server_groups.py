"""Repository of server groups and their members.

A project's groups count against its `server_groups` quota through the usage
rows of db.quotas, so creation stays exact under concurrency. Members count
against `server_group_members` (per group), checked with the group's row
locked. Members whose instance is deleted or gone are not members any more.
"""
from __future__ import annotations

import json
import uuid as uuid_module

from sqlalchemy import delete, func, select

from onestack.common import exceptions
from onestack.db import models, quotas
from onestack.db.engine import reader, transaction

POLICIES = ("affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity")
G, GM, I = models.ServerGroup, models.ServerGroupMember, models.Instance


def _missing(group_uuid: str) -> exceptions.NotFound:
    return exceptions.NotFound(f"Instance group {group_uuid} could not be found.")


def rules_of(row) -> dict:
    try:
        rules = json.loads(row.rules or "{}")
    except ValueError:
        return {}
    return rules if isinstance(rules, dict) else {}


def create(conf, project_id: str, user_id: str, name: str, policy: str,
           rules: dict | None = None) -> models.ServerGroup:
    """A new group, using one of the project's `server_groups` quota."""
    if policy not in POLICIES:
        raise exceptions.BadRequest(f"Invalid server group policy: {policy}")
    row = G(uuid=str(uuid_module.uuid4()), name=name, project_id=project_id,
            user_id=user_id, policy=policy, rules=json.dumps(rules or {}))
    with quotas.consuming(conf, project_id, {"server_groups": 1},
                          user_id=user_id) as session:
        session.add(row)
    return row


def get_group(group_uuid: str, ctx=None) -> models.ServerGroup:
    """The group if it exists and ctx (None: a service) may see it: an
    administrator sees any project's, anyone else only their project's."""
    query = select(G).where(G.uuid == group_uuid)
    if ctx is not None and not ctx.is_admin:
        query = query.where(G.project_id == ctx.project_id)
    with reader() as session:
        row = session.scalar(query)
    if row is None:
        raise _missing(group_uuid)
    return row


def list_(project_id: str | None = None, limit: int | None = None,
          offset: int = 0) -> list[models.ServerGroup]:
    """Groups in creation order, of one project or (None) of all."""
    query = select(G).order_by(G.id)
    if project_id is not None:
        query = query.where(G.project_id == project_id)
    query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with reader() as session:
        return list(session.scalars(query))


def _live_members(group_ids):
    return (select(GM.group_id, GM.instance_uuid, I.host)
            .join(I, I.uuid == GM.instance_uuid)
            .where(GM.group_id.in_(list(group_ids)), I.deleted.is_(False))
            .order_by(I.created_at, I.id))


def members_of(groups) -> dict[int, list[str]]:
    """group id -> uuids of its live member instances, for several groups."""
    result = {row.id: [] for row in groups}
    if not result:
        return result
    with reader() as session:
        for group_id, instance_uuid, _host in session.execute(_live_members(result)):
            result[group_id].append(instance_uuid)
    return result


def members_hosts(group_uuid: str) -> list[str | None]:
    """The host of each live member (None while it is not placed)."""
    with reader() as session:
        group = session.scalar(select(G).where(G.uuid == group_uuid))
        if group is None:
            raise _missing(group_uuid)
        return [host for _g, _i, host in session.execute(_live_members([group.id]))]


def _live_count(session, group_id: int) -> int:
    return session.scalar(select(func.count()).select_from(GM)
                          .join(I, I.uuid == GM.instance_uuid)
                          .where(GM.group_id == group_id, I.deleted.is_(False)))


def check_room(conf, group_uuid: str, adding: int) -> None:
    """OverQuota (403) unless `adding` more servers fit in the group under its
    project's server_group_members quota; for the API, before a boot."""
    group = get_group(group_uuid)
    with reader() as session:
        used = _live_count(session, group.id)
    limit = quotas.limits(conf, group.project_id).get("server_group_members", -1)
    quotas.check("server_group_members", used, adding, limit)


class PolicyViolation(exceptions.Conflict):
    """A member placed meanwhile by a concurrent decision took the host."""


def add_member(group_uuid: str, instance_uuid: str, conf=None,
               host: str | None = None) -> None:
    """Makes the instance a member, unless the group's project has
    server_group_members members in it already (OverQuota, 403), or, given the
    instance's new host, unless that breaks the group's hard policy with the
    members placed so far (PolicyViolation). The group row is locked, so these
    checks run one at a time per group, whichever process makes them."""
    if conf is None:
        from onestack import conf as onestack_conf
        conf = onestack_conf.CONF
    with transaction() as session:
        group = session.scalar(select(G).where(G.uuid == group_uuid).with_for_update())
        if group is None:
            raise _missing(group_uuid)
        if session.get(GM, (group.id, instance_uuid)) is not None:
            return
        used = _live_count(session, group.id)
        limit = quotas.limits(conf, group.project_id).get("server_group_members", -1)
        quotas.check("server_group_members", used, 1, limit)
        if host is not None:
            _check_policy(session, group, instance_uuid, host)
        session.add(GM(group_id=group.id, instance_uuid=instance_uuid))


def _check_policy(session, group, instance_uuid: str, host: str) -> None:
    others = [member_host for _g, uuid, member_host
              in session.execute(_live_members([group.id]))
              if uuid != instance_uuid and member_host is not None]
    if group.policy == "anti-affinity":
        most = int(rules_of(group).get("max_server_per_host") or 1)
        if others.count(host) >= most:
            raise PolicyViolation(
                f"Anti-affinity group {group.uuid} already has {others.count(host)} "
                f"member(s) on host {host}, at most {most} allowed.")
    elif group.policy == "affinity" and others and host not in others:
        raise PolicyViolation(f"Affinity group {group.uuid} runs on "
                              f"{', '.join(sorted(set(others)))}, not on {host}.")


def remove_member(instance_uuid: str) -> None:
    """The instance leaves every group it is in (when it is deleted)."""
    with transaction() as session:
        session.execute(delete(GM).where(GM.instance_uuid == instance_uuid))


def groups_of_instance(instance_uuid: str) -> list[str]:
    query = (select(G.uuid).join(GM, GM.group_id == G.id)
             .where(GM.instance_uuid == instance_uuid))
    with reader() as session:
        return list(session.scalars(query))


def count(project_id: str) -> int:
    with reader() as session:
        return session.scalar(select(func.count()).select_from(G)
                              .where(G.project_id == project_id))


def delete_(group_uuid: str) -> None:
    """Deletes the group and its memberships, giving back its quota."""
    row = get_group(group_uuid)
    with quotas.releasing(row.project_id, {"server_groups": 1}) as session:
        current = session.scalar(select(G).where(G.id == row.id).with_for_update())
        if current is None:
            raise _missing(group_uuid)
        session.execute(delete(GM).where(GM.group_id == row.id))
        session.delete(current)
