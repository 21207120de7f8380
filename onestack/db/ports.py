"""Repository of ports: the fixed IPs that servers and the networking API
hold (a reservation is no port), with what a port shows of its network."""
from __future__ import annotations

import dataclasses

import uuid as uuid_module

from sqlalchemy import delete, func, select, update

from onestack.common import exceptions
from onestack.db import models, security_groups
from onestack.db.engine import reader, transaction
from onestack.network import ipam

F, N, I = models.FixedIp, models.Network, models.Instance
RI = models.RouterInterface


@dataclasses.dataclass(frozen=True)
class Port:
    row: models.FixedIp
    network_uuid: str
    subnet_uuid: str | None   # None: a port without an address
    host: str | None     # the host of the server holding it


class PortNotFound(exceptions.NotFound):
    neutron_type = "PortNotFound"

    def __init__(self, port_uuid: str):
        super().__init__(f"Port {port_uuid} could not be found.")


class PortInUse(exceptions.Conflict):
    neutron_type = "PortInUse"


def _query(ctx):
    """Ports: the rows that are not reservations nor a router's interface
    (which the router's view shows)."""
    query = (select(F, func.coalesce(N.uuid, F.network_uuid), N.subnet_uuid, I.host)
             .outerjoin(N, N.id == F.network_id)
             .outerjoin(I, I.uuid == F.instance_uuid).where(F.reserved.is_(False))
             .where(F.id.not_in(select(RI.fixed_ip_id)
                                .where(RI.fixed_ip_id.is_not(None)))))
    if ctx is not None and not ctx.is_admin:
        query = query.where(F.project_id == ctx.project_id)
    return query


def _ports(query) -> list[Port]:
    with reader() as session:
        return [Port(*row) for row in session.execute(query.order_by(F.id)).tuples()]


def list_(ctx=None, device_id: str | None = None) -> list[Port]:
    query = _query(ctx)
    if device_id is not None:
        query = query.where(F.instance_uuid == device_id)
    return _ports(query)


def get(port_uuid: str, ctx=None) -> Port:
    found = _ports(_query(ctx).where(F.uuid == port_uuid))
    if not found:
        raise PortNotFound(port_uuid)
    return found[0]


def create_unaddressed(network_uuid: str, project_id: str, mac_address: str | None = None,
                       **values) -> models.FixedIp:
    """A port on a network that has no subnet: no address, now or later (as
    Neutron's IPv4 ports made before their subnet)."""
    row = F(uuid=str(uuid_module.uuid4()), network_id=None, address=None,
            network_uuid=network_uuid, mac_address=mac_address or ipam.generate_mac(),
            project_id=project_id, reserved=False, interface_index=0,
            preserve_on_delete=True, **values)
    with transaction() as session:
        session.add(row)
    return row


def mac_in_use(mac_address: str) -> bool:
    with reader() as session:
        return session.scalar(select(F.id).where(F.mac_address == mac_address)) \
            is not None or session.scalar(select(RI.id).where(
                RI.mac_address == mac_address)) is not None


def unaddressed_on(network_uuid: str) -> list[str]:
    """The ports without an address on the network."""
    with reader() as session:
        return list(session.scalars(select(F.uuid).where(
            F.network_uuid == network_uuid, F.address.is_(None))))


def update_port(port_uuid: str, **values) -> None:
    with transaction() as session:
        if not session.execute(update(F).where(F.uuid == port_uuid,
                                               F.reserved.is_(False)).values(**values)
                               .execution_options(synchronize_session=False)).rowcount:
            raise PortNotFound(port_uuid)


def delete_unbound(port_uuid: str) -> None:
    """Delete a port no server holds, with its security groups; PortInUse
    when a server holds it."""
    with transaction() as session:
        row = session.scalar(select(F).where(F.uuid == port_uuid,
                                             F.reserved.is_(False)).with_for_update())
        if row is None:
            raise PortNotFound(port_uuid)
        if row.instance_uuid is not None:
            raise PortInUse(f"Port {port_uuid} is in use by server "
                            f"{row.instance_uuid}: delete the server first.")
        security_groups.unbind_all_in(session, port_uuid)
        session.execute(delete(F).where(F.id == row.id))


def bind(port_uuid: str, instance_uuid: str, host: str | None,
         interface_index: int) -> models.FixedIp:
    """Give an unbound port to a server; PortInUse if a server has it."""
    with transaction() as session:
        bound = session.execute(
            update(F).where(F.uuid == port_uuid, F.instance_uuid.is_(None),
                            F.reserved.is_(False))
            .values(instance_uuid=instance_uuid, host=host,
                    interface_index=interface_index)
            .execution_options(synchronize_session=False)).rowcount
    if not bound:
        holder = get(port_uuid)   # PortNotFound if it went
        if holder.row.instance_uuid != instance_uuid:
            raise PortInUse(f"Port {port_uuid} is still in use.")
    return get(port_uuid).row
