"""Parsing of PATCH /v2/images/{id} bodies: Glance's JSON patch media types.

application/openstack-images-v2.1-json-patch: [{"op": "add", "path": "/k", "value": v}]
application/openstack-images-v2.0-json-patch: [{"add": "/k", "value": v}] (older form;
there "add" of an existing property is a conflict rather than a replace)
"""
from __future__ import annotations

import dataclasses
import re

from onestack.common import exceptions
from onestack.wsgi import validation

MEDIA_TYPES = {"application/openstack-images-v2.0-json-patch": 4,
               "application/openstack-images-v2.1-json-patch": 10}
OPERATIONS = ("add", "remove", "replace")
READ_ONLY = ("created_at", "updated_at", "status", "checksum", "size", "virtual_size",
             "direct_url", "self", "file", "schema", "id", "os_hash_algo",
             "os_hash_value", "locations", "stores")
RESERVED = ("location", "deleted", "deleted_at")
RESERVED_PREFIX = "os_glance"


@dataclasses.dataclass
class Change:
    op: str
    name: str           # the one path element: an attribute or property name
    value: object = None
    draft: int = 10     # 4 for the v2.0 media type


def media_type(content_type: str | None) -> int:
    """The draft of a Content-Type, or UnsupportedMediaType (415)."""
    base = (content_type or "").split(";", 1)[0].strip().lower()
    if base not in MEDIA_TYPES:
        allowed = ", ".join(sorted(MEDIA_TYPES))
        raise exceptions.UnsupportedMediaType(
            f"Image PATCH expects Content-Type one of: {allowed}",
            headers={"Accept-Patch": allowed})
    return MEDIA_TYPES[base]


def check_name(name: str) -> None:
    """Refuse (403) attributes no request may set."""
    if name in READ_ONLY:
        raise exceptions.Forbidden(f"Attribute '{name}' is read-only.")
    if name in RESERVED or name.startswith(RESERVED_PREFIX):
        raise exceptions.Forbidden(f"Attribute '{name}' is reserved.")


def _operation(raw: dict, draft: int) -> tuple[str, str]:
    if draft == 10:
        op = raw.get("op")
        if op not in OPERATIONS:
            what = "Unable to find `op` in JSON Schema change" if op is None \
                else f"Invalid operation: `{op}`"
            raise exceptions.BadRequest(
                f"{what}. It must be one of the following: {', '.join(OPERATIONS)}.")
        if "path" not in raw:
            raise exceptions.BadRequest("Unable to find 'path' in JSON Schema change")
        return op, raw["path"]
    found = [op for op in OPERATIONS if op in raw]
    if len(found) != 1:
        raise exceptions.BadRequest('Operation objects must contain exactly one '
                                    'member named "add", "remove", or "replace".')
    return found[0], raw[found[0]]


def _decode_pointer(pointer) -> str:
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        raise exceptions.BadRequest(f'Pointer `{pointer}` does not start with "/".')
    if re.search("~[^01]", pointer) or pointer.endswith("~"):
        raise exceptions.BadRequest(f'Pointer `{pointer}` contains "~" not part of '
                                    'a recognized escape sequence.')
    parts = pointer[1:].split("/")
    if len(parts) != 1 or not parts[0].strip():
        raise exceptions.BadRequest(
            f"Invalid JSON pointer for this resource: '{pointer}'")
    return parts[0].replace("~1", "/").replace("~0", "~").strip()


def parse(body: bytes, draft: int) -> list[Change]:
    document = validation.parse_json(body) if body else None
    if not isinstance(document, list):
        raise exceptions.BadRequest("Request body must be a JSON array of operation "
                                    "objects.")
    changes = []
    for raw in document:
        if not isinstance(raw, dict):
            raise exceptions.BadRequest("Operations must be JSON objects.")
        op, pointer = _operation(raw, draft)
        change = Change(op=op, name=_decode_pointer(pointer), draft=draft)
        check_name(change.name)
        if op != "remove":
            if "value" not in raw:
                raise exceptions.BadRequest(
                    f'Operation "{op}" requires a member named "value".')
            change.value = raw["value"]
        changes.append(change)
    return changes
