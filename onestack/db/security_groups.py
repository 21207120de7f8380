"""Repository of security groups, their rules, and what they apply to.

A project's groups count against its `security_groups` quota through the
usage rows of db.quotas; its `default` group, which every project has,
counts too but is made whatever the limit (as in Nova). Rules count against
`security_group_rules` per group, checked with the group's row locked, so
both stay exact under concurrency.

A binding applies a group to a consumer: an instance (all its interfaces) or
a port (a fixed IP that no instance holds yet), named by its uuid. A group
bound to a live consumer is in use and cannot be deleted.
"""
from __future__ import annotations

import collections
import uuid as uuid_module

from sqlalchemy import delete, func, or_, select

from onestack.common import exceptions
from onestack.db import models, quotas
from onestack.db.engine import reader, transaction

G, R, B = models.SecurityGroup, models.SecurityGroupRule, models.SecurityGroupBinding
I, F = models.Instance, models.FixedIp
DEFAULT = "default"
SELF = object()  # a rule's remote_group_id meaning the group being made


def _missing(group_id) -> exceptions.NotFound:
    return exceptions.NotFound(f"Security group {group_id} not found.")


def _exists(name: str) -> exceptions.BadRequest:
    return exceptions.BadRequest(f"Security group {name} already exists")


class InUse(exceptions.BadRequest):
    """The group is applied to a live instance or port (400 in Nova's API,
    409 in Neutron's)."""


class RuleExists(exceptions.BadRequest):
    """The group has the same rule already (400 in Nova's API, 409 in
    Neutron's)."""

    def __init__(self, message: str, rule_uuid: str):
        super().__init__(message)
        self.rule_uuid = rule_uuid


def visible(query, ctx):
    """Groups ctx may see: an admin every project's, anyone else its own
    (None: a service, every one)."""
    if ctx is not None and not ctx.is_admin:
        query = query.where(G.project_id == ctx.project_id)
    return query


# --- groups ---------------------------------------------------------------------

def create_group(conf, project_id: str, user_id: str | None, name: str,
                 description: str, rules=()) -> models.SecurityGroup:
    """A new group, using one of the project's `security_groups` quota, made
    with these rules (those every group starts with, which its
    `security_group_rules` quota does not count)."""
    row = G(uuid=str(uuid_module.uuid4()), name=name, description=description,
            project_id=project_id, user_id=user_id)
    try:
        with quotas.consuming(conf, project_id, {"security_groups": 1},
                              user_id=user_id) as session:
            session.add(row)
            session.flush()
            session.add_all(_rule_row(row, values) for values in rules)
    except exceptions.Conflict:
        raise _exists(name)
    return row


def ensure_default(project_id: str, user_id: str | None,
                   rules: list[dict]) -> models.SecurityGroup:
    """The project's `default` group, made with these rules (SELF as a
    remote_group_id names the group itself) if it has none yet. Two requests
    making it at once collide on the unique name; the loser reads the
    winner's."""
    found = by_name(project_id, DEFAULT)
    if found is not None:
        return found
    row = G(uuid=str(uuid_module.uuid4()), name=DEFAULT, description=DEFAULT,
            project_id=project_id, user_id=user_id)
    try:
        # counted in the project's usage, but never refused by its limit:
        # releasing a negative amount adds it without a check
        with quotas.releasing(project_id, {"security_groups": -1}) as session:
            session.add(row)
            session.flush()
            for values in rules:
                session.add(_rule_row(row, {**values, "remote_group_id": row.id}
                                      if values.get("remote_group_id") is SELF
                                      else values))
    except exceptions.Conflict:
        found = by_name(project_id, DEFAULT)
        if found is None:
            raise
        return found
    return row


def by_name(project_id: str, name: str) -> models.SecurityGroup | None:
    with reader() as session:
        return session.scalar(select(G).where(G.project_id == project_id,
                                              G.name == name))


def _one(query, missing: exceptions.NotFound):
    with reader() as session:
        row = session.scalar(query)
    if row is None:
        raise missing
    return row


def get_group(group_uuid: str, ctx=None) -> models.SecurityGroup:
    """The group if it exists and ctx (None: a service) may see it."""
    return _one(visible(select(G).where(G.uuid == group_uuid), ctx),
                _missing(group_uuid))


def find(project_id: str, name_or_id: str) -> models.SecurityGroup | None:
    """The project's group of that name, else of that id; None if neither."""
    with reader() as session:
        return session.scalar(
            select(G).where(G.project_id == project_id,
                            or_(G.name == name_or_id, G.uuid == name_or_id))
            .order_by((G.name == name_or_id).desc()).limit(1))


def list_groups(project_id: str | None = None, limit: int | None = None,
                offset: int = 0) -> list[models.SecurityGroup]:
    """Groups by project and name, of one project or (None) of all."""
    query = select(G).order_by(G.project_id, G.name, G.id).offset(offset).limit(limit)
    if project_id is not None:
        query = query.where(G.project_id == project_id)
    with reader() as session:
        return list(session.scalars(query))


def groups_by_id(group_ids) -> dict[int, models.SecurityGroup]:
    ids = set(group_ids)
    if not ids:
        return {}
    with reader() as session:
        return {row.id: row for row in session.scalars(select(G).where(G.id.in_(ids)))}


def update_group(group_uuid: str, name: str, description: str) -> models.SecurityGroup:
    try:
        with transaction() as session:
            row = session.scalar(select(G).where(G.uuid == group_uuid)
                                 .with_for_update())
            if row is None:
                raise _missing(group_uuid)
            row.name, row.description = name, description
    except exceptions.Conflict:
        raise _exists(name)
    return row


def _live_bindings(group_id: int):
    """Bindings of the group to anything but a deleted instance."""
    deleted = select(I.uuid).where(I.uuid == B.consumer_uuid, I.deleted.is_(True))
    return select(func.count()).select_from(B).where(B.group_id == group_id,
                                                     ~deleted.exists())


def delete_group(group_uuid: str) -> None:
    """Delete the group, its rules and the rules naming it as their source,
    giving back its quota; BadRequest while it is in use."""
    row = get_group(group_uuid)
    with quotas.releasing(row.project_id, {"security_groups": 1}) as session:
        current = session.scalar(select(G).where(G.id == row.id).with_for_update())
        if current is None:
            raise _missing(group_uuid)
        if session.scalar(_live_bindings(row.id)):
            raise InUse("Security group is still in use")
        session.execute(delete(B).where(B.group_id == row.id))
        session.execute(delete(R).where(or_(R.group_id == row.id,
                                            R.remote_group_id == row.id)))
        session.delete(current)


# --- rules ------------------------------------------------------------------------

def _rule_row(group: models.SecurityGroup, values: dict) -> models.SecurityGroupRule:
    return R(uuid=str(uuid_module.uuid4()), group_id=group.id,
             project_id=group.project_id, **values)


RULE_KEYS = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max",
             "remote_ip_prefix", "remote_group_id")


def counted(rule) -> bool:
    """Whether a rule counts against its group's `security_group_rules`
    quota: all but the open egress rules every group is made with."""
    return not (rule.direction == "egress" and rule.protocol is None and
                rule.port_range_min is None and rule.port_range_max is None and
                rule.remote_ip_prefix is None and rule.remote_group_id is None)


def create_rule(conf, group_id: int, values: dict) -> models.SecurityGroupRule:
    """A new rule of the group, within the group's `security_group_rules`
    quota; BadRequest if the group has the same rule already."""
    with transaction() as session:
        group = session.scalar(select(G).where(G.id == group_id).with_for_update())
        if group is None:
            raise _missing(group_id)
        existing = list(session.scalars(select(R).where(R.group_id == group_id)))
        limit = quotas.limits(conf, group.project_id).get("security_group_rules", -1)
        wanted = tuple(values.get(key) for key in RULE_KEYS)
        same = next((rule for rule in existing
                     if tuple(getattr(rule, key) for key in RULE_KEYS) == wanted), None)
        if same is not None:
            raise RuleExists(f"This rule already exists in group {group.uuid}",
                             same.uuid)
        quotas.check("security_group_rules",
                     sum(1 for rule in existing if counted(rule)), 1, limit)
        row = _rule_row(group, values)
        session.add(row)
    return row


def get_rule(rule_uuid: str, ctx=None) -> models.SecurityGroupRule:
    query = select(R).where(R.uuid == rule_uuid)
    if ctx is not None and not ctx.is_admin:
        query = query.where(R.project_id == ctx.project_id)
    return _one(query, exceptions.NotFound(f"Rule ({rule_uuid}) not found"))


def delete_rule(rule_uuid: str) -> None:
    with transaction() as session:
        if not session.execute(delete(R).where(R.uuid == rule_uuid)).rowcount:
            raise exceptions.NotFound(f"Rule ({rule_uuid}) not found")


def rules_of(group_ids) -> dict[int, list[models.SecurityGroupRule]]:
    """group id -> its rules in creation order, for several groups."""
    result = {group_id: [] for group_id in group_ids}
    if not result:
        return result
    with reader() as session:
        for row in session.scalars(select(R).where(R.group_id.in_(list(result)))
                                   .order_by(R.id)):
            result[row.group_id].append(row)
    return result


# --- bindings ---------------------------------------------------------------------

def bind(consumer_uuids, group_ids) -> int:
    """Apply the groups to the consumers; a group deleted meanwhile is left
    out, a binding there already is kept. Returns how many were added."""
    consumers, ids = list(consumer_uuids), set(group_ids)
    if not consumers or not ids:
        return 0
    with transaction() as session:
        # locked in one order, so that two binds cannot wait on each other
        present = set(session.scalars(select(G.id).where(G.id.in_(ids))
                                      .order_by(G.id).with_for_update()))
        held = set(session.execute(select(B.consumer_uuid, B.group_id).where(
            B.consumer_uuid.in_(consumers), B.group_id.in_(present))).tuples())
        added = [B(consumer_uuid=consumer, group_id=group_id)
                 for consumer in consumers for group_id in sorted(present)
                 if (consumer, group_id) not in held]
        session.add_all(added)
    return len(added)


def unbind(consumer_uuid: str, group_id: int) -> bool:
    """Take the group off the consumer; False if it did not have it."""
    with transaction() as session:
        return bool(session.execute(delete(B).where(
            B.consumer_uuid == consumer_uuid, B.group_id == group_id)).rowcount)


def unbind_all_in(session, consumer_uuid: str) -> None:
    """Take every group off the consumer, inside the caller's transaction."""
    session.execute(delete(B).where(B.consumer_uuid == consumer_uuid)
                    .execution_options(synchronize_session=False))


def groups_of(consumer_uuids) -> dict[str, list[models.SecurityGroup]]:
    """consumer uuid -> the groups applied to it, by name."""
    result = {uuid: [] for uuid in consumer_uuids}
    if not result:
        return result
    query = (select(B.consumer_uuid, G).join(G, G.id == B.group_id)
             .where(B.consumer_uuid.in_(list(result))).order_by(G.name, G.id))
    with reader() as session:
        for consumer, group in session.execute(query).tuples():
            result[consumer].append(group)
    return result


def member_addresses(group_ids) -> dict[int, list[str]]:
    """group id -> the fixed addresses of its members: those of instances
    bound to it, and those of ports (fixed IPs) bound to it."""
    found: dict[int, dict[str, None]] = collections.defaultdict(dict)
    ids = list(set(group_ids))
    if ids:
        query = (select(B.group_id, F.address)
                 .join(F, or_(F.instance_uuid == B.consumer_uuid,
                              F.uuid == B.consumer_uuid))
                 .where(B.group_id.in_(ids)).order_by(F.id))
        with reader() as session:
            for group_id, address in session.execute(query).tuples():
                found[group_id][address] = None  # once, if bound twice over
    return {group_id: list(addresses) for group_id, addresses in found.items()}


def bindings_of(consumer_uuids) -> list[tuple[str, int, str]]:
    """(consumer uuid, group id, group uuid) for every group applied to the
    consumers."""
    uuids = list(consumer_uuids)
    if not uuids:
        return []
    query = (select(B.consumer_uuid, G.id, G.uuid).join(G, G.id == B.group_id)
             .where(B.consumer_uuid.in_(uuids)))
    with reader() as session:
        return list(session.execute(query).tuples())
