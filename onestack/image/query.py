"""GET /v2/images query parameters: filters, sorting and paging.

Parameters this module does not know are property filters (`?os_distro=cirros`),
as in Glance; `changes-since`, gone from Glance v2, is ignored.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime

from onestack.common import exceptions
from onestack.db import images as db
from onestack.wsgi import paging

SORT_KEYS = ("name", "status", "container_format", "disk_format", "size", "id",
             "created_at", "updated_at")
LISTABLE = ("name", "id", "status", "disk_format", "container_format", "owner",
            "checksum", "os_hash_value")
VISIBILITIES = ("community", "public", "private", "shared", "all")
MEMBER_STATUSES = ("pending", "accepted", "rejected", "all")
IGNORED = ("changes-since",)


@dataclasses.dataclass
class ListRequest:
    filters: db.Filters
    sort: list[tuple[str, str]]
    limit: int
    marker: str | None


def _one(params: dict, name: str):
    value = params.pop(name, None)
    return value[-1] if isinstance(value, list) else value


def _boolean(value: str, name: str) -> bool:
    if value.lower() not in ("true", "false"):
        raise exceptions.BadRequest(f"Invalid value '{value}' for '{name}' filter. "
                                    "Valid values are 'true' or 'false'.")
    return value.lower() == "true"


def _choice(value: str, choices, message: str) -> str:
    if value not in choices:
        raise exceptions.BadRequest(f"{message}: {value}")
    return value


def _values(expression: str) -> list[str]:
    """`in:a,"b,c"` -> ["a", "b,c"]; `eq:a` and `a` -> ["a"]."""
    op, sep, rest = expression.partition(":")
    if sep and op == "in":
        return [item.strip() for item in next(csv.reader([rest], skipinitialspace=True))]
    if sep and op == "eq":
        return [rest]
    return [expression]


def _timestamp(expression: str, name: str) -> list[tuple]:
    """Ranges for `[op:]time`. Images show whole seconds, so a whole-second
    time stands for that second: lte:T includes an image created at T.5."""
    op, sep, moment = expression.partition(":")
    if not sep or op not in db.RANGE_OPS:
        op, moment = "eq", expression
    try:
        parsed = datetime.datetime.fromisoformat(moment.strip().replace("Z", "+00:00"))
    except ValueError:
        raise exceptions.BadRequest(f"Invalid {name} filter '{expression}': expected "
                                    "[gt|gte|lt|lte|eq|neq:]<ISO 8601 time>.")
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    if parsed.microsecond or op in ("gte", "lt", "neq"):
        return [(name, op, parsed)]
    after = parsed + datetime.timedelta(seconds=1)
    return {"eq": [(name, "gte", parsed), (name, "lt", after)],
            "lte": [(name, "lt", after)], "gt": [(name, "gte", after)]}[op]


def _size(value: str, name: str, op: str):
    try:
        return "size", op, int(value)
    except ValueError:
        raise exceptions.BadRequest(f"Invalid value for {name}: {value}")


def _sort(params: dict) -> list[tuple[str, str]]:
    def key(value):
        return _choice(value.strip(), SORT_KEYS, "Invalid sort key")

    def direction(value):
        return _choice(value.strip(), ("asc", "desc"), "Invalid sort direction")

    if "sort" in params:
        if "sort_key" in params or "sort_dir" in params:
            raise exceptions.BadRequest("Old and new sorting syntax cannot be combined")
        pairs = [item.partition(":") for item in _one(params, "sort").split(",")]
        return [(key(k), direction(d) if d else "desc") for k, _, d in pairs]
    keys = [key(k) for k in _many(params, "sort_key")]
    dirs = [direction(d) for d in _many(params, "sort_dir")]
    if len(dirs) > 1 and len(dirs) != len(keys):
        raise exceptions.BadRequest("Number of sort dirs does not match the number "
                                    "of sort keys")
    keys = keys or ["created_at"]
    dirs = dirs or ["desc"]
    return [(k, dirs[i] if len(dirs) > 1 else dirs[0]) for i, k in enumerate(keys)]


def _many(params: dict, name: str) -> list[str]:
    value = params.pop(name, [])
    return value if isinstance(value, list) else [value]


def parse(conf, params: dict) -> ListRequest:
    params = dict(params)
    filters = db.Filters()
    limit = paging.limit(_one(params, "limit"), default=conf.image.limit_param_default,
                         max_limit=conf.image.api_limit_max)
    marker = _one(params, "marker")
    filters.member_status = _choice(_one(params, "member_status") or "accepted",
                                    MEMBER_STATUSES, "Invalid status")
    visibility = _one(params, "visibility")
    if visibility:
        filters.visibility = _choice(visibility, VISIBILITIES, "Invalid visibility value")
    filters.tags = [tag.strip() for tag in _many(params, "tag")]
    hidden = _one(params, "os_hidden")
    filters.os_hidden = _boolean(hidden, "os_hidden") if hidden else False
    protected = _one(params, "protected")
    if protected:
        filters.any_of["protected"] = [_boolean(protected, "protected")]
    for name in LISTABLE:
        value = _one(params, name)
        if value is not None:
            filters.any_of[name] = _values(value)
    for name, op in (("size_min", "gte"), ("size_max", "lte")):
        value = _one(params, name)
        if value is not None:
            filters.ranges.append(_size(value, name, op))
    for name in ("created_at", "updated_at"):
        value = _one(params, name)
        if value is not None:
            filters.ranges.extend(_timestamp(value, name))
    sort = _sort(params)
    for name in IGNORED:
        params.pop(name, None)
    filters.properties = {name: _one(params, name) for name in list(params)}
    return ListRequest(filters=filters, sort=sort, limit=limit, marker=marker)
