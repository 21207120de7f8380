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

A listing that is not one SQL query (Neutron's views come from several
sources) orders dicts with in_order and cuts its page with page_of, with
the same keyset semantics.

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


NEUTRON_TRUE = ("true", "1", "yes", "on", "t")
NEUTRON_FALSE = ("false", "0", "no", "off", "f")


def neutron_requested(query: dict) -> Page:
    """A Neutron page: limit (none, empty or 0: every item, as Neutron without
    a pagination_max_limit), marker and page_reverse (a boolean in any case).
    A BadRequest names only what is wrong; Neutron's front end words it."""
    raw = last(query, "limit")
    try:
        count = int(raw) if raw not in (None, "") else 0
    except ValueError:
        raise exceptions.BadRequest(f"'{raw}' is not an integer")
    if count < 0:
        raise exceptions.BadRequest(f"'{raw}' should be non-negative")
    reverse = (last(query, "page_reverse") or "false").strip().lower()
    if reverse not in NEUTRON_TRUE + NEUTRON_FALSE:
        raise exceptions.BadRequest(f"'{reverse}' cannot be converted to boolean "
                                    "for page_reverse")
    return Page(count or None, last(query, "marker"), reverse in NEUTRON_TRUE)


def neutron_sort(query: dict, paged: bool) -> list[tuple[str, str]]:
    """Neutron's sort_key and sort_dir lists as (key, "asc" | "desc") pairs
    (the directions may be left out: all ascending); a paged list ends with
    ("id", "asc") unless it sorts by id, so that no two items tie."""
    keys, dirs = _listed(query, "sort_key"), _listed(query, "sort_dir")
    if dirs and len(dirs) != len(keys):
        raise exceptions.BadRequest("The number of sort_keys and sort_dirs must be same")
    for direction in dirs:
        if direction not in ("asc", "desc"):
            raise exceptions.BadRequest(f"{direction} is invalid value for sort_dirs, "
                                        "valid value is 'asc' and 'desc'")
    pairs = list(zip(keys, dirs or ["asc"] * len(keys)))
    if paged and "id" not in keys:
        pairs.append(("id", "asc"))
    return pairs


def _listed(query: dict, name: str) -> list[str]:
    value = query.get(name)
    return [] if value is None else value if isinstance(value, list) else [value]


def in_order(items: list[dict], keys: list[tuple[str, str]]) -> list[dict]:
    """Items (dicts) in the order of keys, as db/keyset.order sorts rows:
    None first, then numbers and booleans by value, text by text."""
    for key, direction in reversed(keys):
        items = sorted(items, key=lambda item: _sort_value(item.get(key)),
                       reverse=direction == "desc")
    return items


def _sort_value(value):
    if value is None:
        return (0, 0, "")
    if isinstance(value, (bool, int)):
        return (1, int(value), "")
    return (1, 0, str(value))


def page_of(items: list[dict], page: Page, key: str = "id") -> tuple[list[dict], bool]:
    """The page of items already in order, as a keyset query reads it: the
    page.limit items after the marker's item (before it for page.reverse), and
    whether more lie beyond them in that direction. NotFound for a marker
    that is not among the items."""
    if page.marker is not None:
        index = next((i for i, item in enumerate(items) if item.get(key) == page.marker),
                     None)
        if index is None:
            raise exceptions.NotFound(f"Marker {page.marker} could not be found.")
        items = items[:index] if page.reverse else items[index + 1:]
    if not page.limit:
        return items, False
    chosen = items[-page.limit:] if page.reverse else items[:page.limit]
    return chosen, len(items) > page.limit


def neutron_links(req, root: links.Root, path: str, markers: list,
                  page: Page, more: bool | None = None) -> list[dict]:
    """Neutron's next and previous links of a page whose items (markers, in
    the order shown) were read forwards, or backwards for page_reverse; more:
    whether items lie beyond the page in the direction read (None: when the
    page is full). An unlimited page has none."""
    if not markers or not page.limit:
        return []
    more_ahead = full(len(markers), page.limit) if more is None else more
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
