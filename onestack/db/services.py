"""Repository of service records: registration, heartbeats, enable and disable."""
import datetime
import uuid

from sqlalchemy import select

from onestack.common import exceptions
from onestack.db import models
from onestack.db.engine import reader, transaction


def register(host: str, binary: str, topic: str, version: str) -> models.Service:
    """The record of (host, binary), created if new, with the RPC API version
    the service accepts now; counts as a first heartbeat."""
    now = models.utcnow()
    with transaction() as session:
        row = session.scalar(select(models.Service).where(
            models.Service.host == host, models.Service.binary == binary))
        if row is None:
            row = models.Service(uuid=str(uuid.uuid4()), host=host, binary=binary,
                                 topic=topic, report_count=0)
            session.add(row)
        row.topic = topic
        row.version = version
        row.last_seen_up = now
        row.report_count = (row.report_count or 0) + 1
    return row


def heartbeat(service_id: int) -> bool:
    """Record that the service is alive; False if its record is gone."""
    with transaction() as session:
        row = session.get(models.Service, service_id)
        if row is None:
            return False
        row.last_seen_up = models.utcnow()
        row.report_count += 1
    return True


def version_of(row: models.Service) -> str:
    """The RPC API version the service accepts; a record from before
    versions were kept is of a service that spoke 1.0."""
    return row.version or "1.0"


def versions(topic: str) -> list[str]:
    """The RPC API versions of the services of topic that are not forced
    down, down or not."""
    query = select(models.Service).where(
        models.Service.topic == topic, models.Service.forced_down.is_(False))
    with reader() as session:
        return [version_of(row) for row in session.scalars(query)]


def list_(host: str | None = None, binary: str | None = None):
    query = select(models.Service).order_by(models.Service.host, models.Service.binary)
    if host:
        query = query.where(models.Service.host == host)
    if binary:
        query = query.where(models.Service.binary == binary)
    with reader() as session:
        return list(session.scalars(query))


def get_by_host_binary(host: str, binary: str) -> models.Service:
    rows = list_(host=host, binary=binary)
    if not rows:
        raise exceptions.NotFound(f"Service {binary} on host {host} not found.")
    return rows[0]


def update(service_id: int, **values) -> models.Service:
    with transaction() as session:
        row = session.get(models.Service, service_id)
        if row is None:
            raise exceptions.NotFound(f"Service {service_id} not found.")
        for name, value in values.items():
            setattr(row, name, value)
    return row


def delete(service_id: int) -> None:
    with transaction() as session:
        row = session.get(models.Service, service_id)
        if row is None:
            raise exceptions.NotFound(f"Service {service_id} not found.")
        session.delete(row)


def is_up(row: models.Service, down_time: int) -> bool:
    if row.forced_down or row.last_seen_up is None:
        return False
    age = models.utcnow() - row.last_seen_up
    return age <= datetime.timedelta(seconds=down_time)
