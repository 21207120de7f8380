"""Repository of the networks the networking API made that have no subnet
yet, and of the moves between such a draft and a nova-network network
(same uuid): making its subnet, deleting it again.

A draft of a project uses its `networks` quota as the network will: the
moves keep the one unit, deleting either gives it back.
"""
from __future__ import annotations

import uuid as uuid_module

from sqlalchemy import delete, func, insert, or_, select, update

from onestack.common import exceptions
from onestack.db import models, project_usage, quotas
from onestack.db.engine import reader, transaction

D, N, F = models.NetworkDraft, models.Network, models.FixedIp


def _not_found(draft_uuid: str) -> exceptions.NotFound:
    return exceptions.NotFound(f"Network {draft_uuid} could not be found.")


def _visible(query, ctx):
    if ctx is not None and not ctx.is_admin:
        # external networks are everyone's to see, as Neutron's
        query = query.where(or_(D.project_id == ctx.project_id, D.project_id.is_(None),
                                D.external.is_(True)))
    return query


def create(conf, values: dict) -> models.NetworkDraft:
    row = D(**values)
    if row.project_id is None:
        with transaction() as session:
            session.add(row)
    else:
        with quotas.consuming(conf, row.project_id, {"networks": 1}) as session:
            session.add(row)
    return row


def create_many(conf, project_id: str | None, rows: list[dict]) -> list[models.NetworkDraft]:
    """Several drafts of one project (None: shared) in one transaction, the
    project's `networks` quota counted for all of them: all or none."""
    made = [D(**values) for values in rows]
    writing = transaction() if project_id is None else \
        quotas.consuming(conf, project_id, {"networks": len(made)})
    with writing as session:
        session.add_all(made)
    return made


def get(draft_uuid: str, ctx=None) -> models.NetworkDraft:
    with reader() as session:
        row = session.scalar(_visible(select(D).where(D.uuid == draft_uuid), ctx))
    if row is None:
        raise _not_found(draft_uuid)
    return row


def list_(ctx=None) -> list[models.NetworkDraft]:
    with reader() as session:
        return list(session.scalars(_visible(select(D), ctx).order_by(D.id)))


def update_draft(draft_uuid: str, **values) -> models.NetworkDraft:
    with transaction() as session:
        if not session.execute(update(D).where(D.uuid == draft_uuid).values(**values)
                               .execution_options(synchronize_session=False)).rowcount:
            raise _not_found(draft_uuid)
    return get(draft_uuid)


def delete_draft(draft: models.NetworkDraft) -> None:
    if draft.project_id is None:
        with transaction() as session:
            session.execute(delete(D).where(D.id == draft.id))
        return
    with quotas.releasing(draft.project_id, {"networks": 1}) as session:
        if not session.execute(delete(D).where(D.id == draft.id)).rowcount:
            raise _not_found(draft.uuid)


def make_network(conf, draft: models.NetworkDraft, values: dict) -> models.Network:
    """The draft becomes the network of values (its subnet), at once; a
    project's within its `subnets` quota (OverQuota beyond it).
    values["reserved"]: addresses it never hands out (outside its allocation
    pools), held as reserved rows as nova-network reserved addresses."""
    values = dict(values)
    reserved = values.pop("reserved", [])
    network = N(uuid=draft.uuid, label=draft.name, description=draft.description,
                project_id=draft.project_id, **values)
    project = draft.project_id
    writing = transaction() if project is None else quotas.counting(
        conf, project, "subnets", lambda session: project_usage.subnets(project, session))
    with writing as session:
        if not session.execute(delete(D).where(D.id == draft.id)).rowcount:
            raise _not_found(draft.uuid)
        session.add(network)
        if reserved:
            session.flush()
            session.execute(insert(F), [
                {"uuid": str(uuid_module.uuid4()), "network_id": network.id,
                 "address": address, "reserved": True, "interface_index": 0,
                 "name": ""} for address in reserved])
    return network


def make_draft(network: models.Network) -> models.NetworkDraft:
    """The network loses its subnet and becomes a draft again; Conflict while
    an address in it is held (a server's, a port's) or a router has it."""
    draft = D(uuid=network.uuid, name=network.label, description=network.description,
              project_id=network.project_id, mtu=network.mtu)
    with transaction() as session:
        row = session.scalar(select(N).where(N.id == network.id).with_for_update())
        if row is None:
            raise exceptions.NotFound(f"Subnet {network.subnet_uuid} could not be "
                                      "found.")
        refuse_in_use(session, network)
        session.delete(row)
        session.add(draft)
    return draft


def refuse_in_use(session, network: models.Network) -> None:
    held = session.scalar(select(func.count()).select_from(F).where(
        F.network_id == network.id, F.reserved.is_(False)))
    routed = session.scalar(select(func.count()).select_from(models.RouterInterface)
                            .where(models.RouterInterface.network_id == network.id))
    if held or routed:
        raise InUse(f"Unable to complete operation on subnet {network.subnet_uuid}: "
                    "One or more ports have an IP allocation from this subnet.")


class InUse(exceptions.Conflict):
    neutron_type = "SubnetInUse"
