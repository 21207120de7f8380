"""The password an instance posts to the metadata service (encrypted with
its key pair's public key, base64) and its owner reads and clears through
os-server-password."""
from __future__ import annotations

from onestack.common import exceptions
from onestack.db import instance_passwords

# what Nova's metadata service takes: four chunks of 255 characters
MAX_SIZE = 4 * 255


def get(instance_uuid: str) -> str:
    return instance_passwords.get(instance_uuid)


def post(instance_uuid: str, value: bytes) -> None:
    """Set once: Conflict when set already, BadRequest when too long or not text."""
    if len(value) > MAX_SIZE:
        raise exceptions.BadRequest(f"The password may be {MAX_SIZE} bytes at most.")
    try:
        text = value.decode("ascii")
    except UnicodeDecodeError:
        raise exceptions.BadRequest("The password must be base64 text.") from None
    instance_passwords.set_once(instance_uuid, text)


def clear(instance_uuid: str) -> None:
    instance_passwords.clear(instance_uuid)
