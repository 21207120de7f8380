"""Repository of the passwords instances post to the metadata service:
one per instance, set once, until its owner clears it."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from onestack.common import exceptions
from onestack.db import models
from onestack.db.engine import reader, transaction

P = models.InstancePassword


def get(instance_uuid: str) -> str:
    """The instance's password, "" when it has none."""
    with reader() as session:
        return session.scalar(select(P.password).where(
            P.instance_uuid == instance_uuid)) or ""


def set_once(instance_uuid: str, password: str) -> None:
    """Conflict when the instance has posted one already."""
    try:
        with transaction() as session:
            if session.scalar(select(P.instance_uuid).where(
                    P.instance_uuid == instance_uuid)) is not None:
                raise exceptions.Conflict("The password is set already.")
            session.add(P(instance_uuid=instance_uuid, password=password))
    except IntegrityError:  # posted by another request at the same time
        raise exceptions.Conflict("The password is set already.") from None


def clear(instance_uuid: str) -> None:
    with transaction() as session:
        session.execute(delete(P).where(P.instance_uuid == instance_uuid))


def clear_in(session, instance_uuid: str) -> None:
    session.execute(delete(P).where(P.instance_uuid == instance_uuid))
