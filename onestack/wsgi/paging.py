"""Paging of collections, for every API: the page a request asks for and the
links to the pages beside it, in each API family's shape. The rows of a page
come from a keyset query (onestack/db/keyset.py): after the marker's row in
the sort order, at most `limit` of them.

    page = paging.requested(req.params, max_limit=1000)
    rows = repository.list_(..., limit=page.limit, marker=page.marker)
    links = paging.nova_next(req, COMPUTE, "/servers", [row.uuid ...], page.limit)
    if links: body["servers_links"] = links

Shapes of the links:
    nova      "<collection>_links" (or "links"): [{"rel": "next", "href": ...}]
              when the page is full
    glance    "first" always, "next" when the page is full (paths, no host)
    keystone  "links": {"self": ..., "previous": null, "next": null}
    neutron   "<collection>_links": [{"rel": "next", ...}, {"rel": "previous",
              ...}]: next when the page is full, previous when a marker was given
              (page_reverse=True reverses both)

A link's query is the request's, in its order and with repeats, with the
marker (and Neutron's page_reverse) replaced and put last.
"""
from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

from onestack.common import exceptions
from onestack.wsgi import links

MAX_LIMIT = 1000
# an offset past every row finds nothing, as in Nova; SQL takes at most this
MAX_OFFSET = 2 ** 63 - 1


def last(query: dict, name: str) -> str | None:
    """A parameter's value; the last one when it is repeated."""
    value = query.get(name)
    return value[-1] if isinstance(value, list) else value


def _count(value: str, name: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise exceptions.BadRequest(f"{name} param must be an integer")
    if number < 0:
        raise exceptions.BadRequest(f"{name} param must be positive")
    return number


def limit(value: str | None, *, default: int, max_limit: int = MAX_LIMIT) -> int:
    """The page size a `limit` parameter asks for, at most max_limit."""
    if value is None:
        return min(default, max_limit)
    return min(_count(value, "limit"), max_limit)


@dataclasses.dataclass(frozen=True)
class Page:
    limit: int
    marker: str | None = None
    reverse: bool = False  # Neutron's page_reverse: the page before the marker


def requested(query: dict, *, max_limit: int = MAX_LIMIT,
              default: int | None = None) -> Page:
    """The page a query asks for: `limit` (default: max_limit) and `marker`."""
    return Page(limit(last(query, "limit"), max_limit=max_limit,
                      default=max_limit if default is None else default),
                last(query, "marker"))


def offset(query: dict) -> int:
    """The rows an `offset` parameter skips (Nova's older lists page so)."""
    value = last(query, "offset")
    return 0 if value is None else min(_count(value, "offset"), MAX_OFFSET)


def full(count: int, page_limit: int | None) -> bool:
    """Whether a page of count items may have more after it."""
    return bool(page_limit) and count == page_limit


def query_with(query: dict, **changes) -> str:
    """The query, encoded, with the named parameters replaced (None drops one)."""
    kept = [(name, value) for name, value in query.items() if name not in changes]
    kept += [(name, value) for name, value in changes.items() if value is not None]
    return urlencode(kept, doseq=True)


def nova_next(req, root: links.Root, path: str, markers: list,
              page_limit: int | None) -> list[dict]:
    """[{"rel": "next", ...}] when the page (markers: the values identifying
    its items, in order) is full, else []."""
    if not full(len(markers), page_limit):
        return []
    return [{"rel": "next", "href": root.href(
        req, f"{path}?{query_with(req.params, marker=str(markers[-1]))}")}]


def glance_links(path: str, query: dict, markers: list,
                 page_limit: int | None) -> dict:
    """Glance's "first" and, for a full page, "next" (paths without the host)."""
    first = query_with(query, marker=None)
    body = {"first": path + (f"?{first}" if first else "")}
    if full(len(markers), page_limit):
        body["next"] = f"{path}?{query_with(query, marker=str(markers[-1]))}"
    return body


def keystone_links(req) -> dict:
    """Keystone's collection links: it does not page, so previous and next are null."""
    return {"self": f"{req.prefix}{req.path}", "previous": None, "next": None}


def neutron_requested(query: dict, *, max_limit: int = MAX_LIMIT) -> Page:
    """A Neutron page: limit, marker and page_reverse ("True" in any case)."""
    page = requested(query, max_limit=max_limit)
    reverse = (last(query, "page_reverse") or "").lower() == "true"
    return dataclasses.replace(page, reverse=reverse)


def neutron_links(req, root: links.Root, path: str, markers: list,
                  page: Page) -> list[dict]:
    """Neutron's next and previous links of a page whose items (markers, in
    the order shown) were read forwards, or backwards for page_reverse."""
    if not markers:
        return []
    more_ahead = full(len(markers), page.limit)
    more_behind = page.marker is not None
    if page.reverse:
        more_ahead, more_behind = more_behind, more_ahead
    found = []
    if more_ahead:
        query = query_with(req.params, marker=str(markers[-1]), page_reverse=None)
        found.append({"rel": "next", "href": root.href(req, f"{path}?{query}")})
    if more_behind:
        query = query_with(req.params, marker=str(markers[0]), page_reverse="True")
        found.append({"rel": "previous", "href": root.href(req, f"{path}?{query}")})
    return found
