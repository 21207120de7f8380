"""Repository of the integers EC2 ids are made of: an instance's is its own
row id; an image, whose id is a uuid, gets one here the first time it is
asked for (Nova's s3_images)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from onestack.db import models
from onestack.db.engine import reader, transaction

E = models.Ec2ImageId


def image_number(image_uuid: str) -> int:
    with reader() as session:
        number = session.scalar(select(E.id).where(E.uuid == image_uuid))
    if number is not None:
        return number
    try:
        with transaction() as session:
            row = E(uuid=image_uuid)
            session.add(row)
            session.flush()
            return row.id
    except IntegrityError:  # given by another request meanwhile
        with reader() as session:
            return session.scalar(select(E.id).where(E.uuid == image_uuid))
