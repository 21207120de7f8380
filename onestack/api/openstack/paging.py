"""Nova's paging of collections: `limit` and `marker` (or `offset`) from the
query, and a `next` link when a page came back full."""
from __future__ import annotations

from urllib.parse import quote

from onestack.api.openstack import params
from onestack.common import exceptions

MAX_LIMIT = 1000
# an offset past every row finds nothing, as in Nova; SQL takes at most this
MAX_OFFSET = 2 ** 63 - 1


def _integer(req, name: str) -> int | None:
    value = params.last(req, name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise exceptions.BadRequest(f"{name} param must be an integer")
    if number < 0:
        raise exceptions.BadRequest(f"{name} param must be positive")
    return number


def limit_and_marker(req) -> tuple[int, str | None]:
    """The page size (at most MAX_LIMIT) and the marker the request asks for."""
    limit = _integer(req, "limit")
    limit = MAX_LIMIT if limit is None else min(limit, MAX_LIMIT)
    return limit, params.last(req, "marker")


def limit_and_offset(req) -> tuple[int, int]:
    limit = _integer(req, "limit")
    limit = MAX_LIMIT if limit is None else min(limit, MAX_LIMIT)
    return limit, min(_integer(req, "offset") or 0, MAX_OFFSET)


def next_links(req, collection: str, markers: list, limit: int) -> list[dict]:
    """[{"rel": "next", ...}] when the page holds `limit` items (markers: the
    values identifying them, in order), else []."""
    if not limit or len(markers) != limit:
        return []
    query = params.query_with_marker(req, markers[-1])
    return [{"rel": "next",
             "href": f"{req.prefix}/v2.1/{collection}?{query}"}]


def quoted(value) -> str:
    """A path segment for a link."""
    return quote(str(value), safe="")
