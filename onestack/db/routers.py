"""Repository of routers and the networks attached to them."""
from __future__ import annotations

import uuid as uuid_module

from sqlalchemy import delete, func, select, update

from onestack.common import exceptions
from onestack.db import models, project_usage, quotas, security_groups
from onestack.db.engine import reader, transaction

R, RI, N, F = models.Router, models.RouterInterface, models.Network, models.FixedIp


class RouterNotFound(exceptions.NotFound):
    neutron_type = "RouterNotFound"

    def __init__(self, router_uuid: str):
        super().__init__(f"Router {router_uuid} could not be found.")


class RouterInUse(exceptions.Conflict):
    neutron_type = "RouterInUse"


def create(conf, values: dict) -> models.Router:
    """A new router of values["project_id"], within its `routers` quota
    (OverQuota beyond it)."""
    row = R(uuid=str(uuid_module.uuid4()), **values)
    project = values["project_id"]
    with quotas.counting(conf, project, "routers",
                         lambda session: project_usage.routers(project, session)) \
            as session:
        session.add(row)
    return row


def get(router_uuid: str, ctx=None) -> models.Router:
    query = select(R).where(R.uuid == router_uuid)
    if ctx is not None and not ctx.is_admin:
        query = query.where(R.project_id == ctx.project_id)
    with reader() as session:
        row = session.scalar(query)
    if row is None:
        raise RouterNotFound(router_uuid)
    return row


def list_(ctx=None) -> list[models.Router]:
    query = select(R).order_by(R.id)
    if ctx is not None and not ctx.is_admin:
        query = query.where(R.project_id == ctx.project_id)
    with reader() as session:
        return list(session.scalars(query))


def update_router(router_uuid: str, **values) -> models.Router:
    with transaction() as session:
        if not session.execute(update(R).where(R.uuid == router_uuid).values(**values)
                               .execution_options(synchronize_session=False)).rowcount:
            raise RouterNotFound(router_uuid)
    return get(router_uuid)


def delete_router(router_uuid: str) -> None:
    with transaction() as session:
        row = session.scalar(select(R).where(R.uuid == router_uuid).with_for_update())
        if row is None:
            raise RouterNotFound(router_uuid)
        attached = session.scalar(select(func.count()).select_from(RI)
                                  .where(RI.router_id == row.id))
        if attached:
            raise RouterInUse(f"Router {router_uuid} still has ports")
        session.delete(row)


def interfaces(router_ids=None) -> list[tuple[models.RouterInterface, str,
                                              models.Network, str | None]]:
    """(interface, router uuid, network, address of the port it was made
    from or None: the gateway's) of the given routers (None: all)."""
    query = (select(RI, R.uuid, N, F.address).join(R, R.id == RI.router_id)
             .join(N, N.id == RI.network_id).outerjoin(F, F.id == RI.fixed_ip_id)
             .order_by(RI.id))
    if router_ids is not None:
        query = query.where(RI.router_id.in_(list(router_ids)))
    with reader() as session:
        return [tuple(row) for row in session.execute(query).tuples()]


def attach(router: models.Router, network: models.Network,
           mac_address: str, port: models.FixedIp | None = None) -> models.RouterInterface:
    """Conflict if a router has the network already. port: the unbound port
    whose address the interface takes (it becomes the interface's port)."""
    row = RI(port_uuid=port.uuid if port else str(uuid_module.uuid4()),
             router_id=router.id, network_id=network.id,
             mac_address=port.mac_address if port else mac_address,
             fixed_ip_id=port.id if port else None)
    try:
        with transaction() as session:
            session.add(row)
    except exceptions.Conflict:
        raise exceptions.Conflict(f"Subnet {network.subnet_uuid} is attached to a "
                                  "router already.")
    return row


def detach(router: models.Router, network_id: int) -> models.RouterInterface | None:
    """Remove the interface, and the port it was made from (as Neutron
    deletes an interface's port)."""
    with transaction() as session:
        row = session.scalar(select(RI).where(RI.router_id == router.id,
                                              RI.network_id == network_id))
        if row is not None:
            session.execute(delete(RI).where(RI.id == row.id))
            if row.fixed_ip_id is not None:
                security_groups.unbind_all_in(session, row.port_uuid)
                session.execute(delete(F).where(F.id == row.fixed_ip_id))
    return row
