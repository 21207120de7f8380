"""What every Neutron resource shares: policy in Neutron's rule names, and
the query parameters of lists and shows (filters, fields=, sort_key and
sort_dir, limit, marker and page_reverse), applied to the views of a
collection."""
from __future__ import annotations

import dataclasses
import urllib.parse

from onestack import policy
from onestack.api.neutron import errors
from onestack.common import exceptions

PAGING = ("limit", "marker", "page_reverse")
TRUE, FALSE = ("true", "1", "yes", "on", "t"), ("false", "0", "no", "off", "f")


class Resource:
    def __init__(self, conf):
        self.conf = conf

    def authorize(self, req, rule: str, target: dict | None = None) -> None:
        """Forbidden unless the caller may, in Neutron's words; target
        defaults to the caller's own project."""
        ctx = req.context.ctx
        if not policy.allows(self.conf, ctx, rule, target):
            raise errors.typed(exceptions.Forbidden(f"({rule}) is disallowed by policy"),
                               "PolicyNotAuthorized")

    def allows(self, req, rule: str, target: dict | None = None) -> bool:
        return policy.allows(self.conf, req.context.ctx, rule, target)


def body_of(req, member: str) -> dict:
    """The {member: {...}} object of a request body; 400 otherwise."""
    from onestack.wsgi import validation
    document = validation.read_json(req)
    if not isinstance(document, dict) or not isinstance(document.get(member), dict):
        raise errors.typed(exceptions.BadRequest(
            f"Resource body required: send {{\"{member}\": {{...}}}}."), "HTTPBadRequest")
    return document[member]


def validation_json(req) -> dict:
    """A request body that is a JSON object; 400 otherwise."""
    from onestack.wsgi import validation
    document = validation.read_json(req)
    if not isinstance(document, dict):
        raise errors.bad_input("the body must be a JSON object")
    return document


def only(body: dict, allowed, kind: str) -> None:
    """400 for an attribute the resource does not have or that may not be set."""
    for key in body:
        if key not in allowed:
            raise errors.bad_input(f"Unrecognized attribute(s) '{key}'" if kind is None
                                   else f"Attribute '{key}' not allowed in {kind}")


def as_bool(value, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise errors.bad_input(f"'{value}' cannot be converted to boolean for {name}")


def fields(req) -> list[str]:
    return [name for value in req.get_param_as_list("fields") or []
            for name in value.split(",") if name]


def select(view: dict, wanted: list[str]) -> dict:
    """The view with only the fields= asked for (all when none)."""
    if not wanted:
        return view
    return {key: value for key, value in view.items() if key in wanted}


def shown(req, member: str, view: dict) -> dict:
    return {member: select(view, fields(req))}


@dataclasses.dataclass
class Page:
    items: list[dict]
    links: list[dict]


def listed(req, collection: str, views: list[dict], matchers=None) -> dict:
    """The answer of GET /v2.0/{collection}: views filtered by the query's
    attribute filters (each an attribute of the views, several values meaning
    any of them; matchers: name -> fn(view, values) for filters on lists),
    sorted, paged, with fields= applied."""
    views = [view for view in views if _matches(view, _filters(req, views, matchers),
                                                 matchers or {})]
    views = _sorted(req, views)
    page = _paged(req, collection, views)
    wanted = fields(req)
    body = {collection: [select(view, wanted) for view in page.items]}
    if page.links:
        body[f"{collection}_links"] = page.links
    return body


def _filters(req, views, matchers) -> dict[str, list[str]]:
    known = set(views[0]) if views else None
    filters = {}
    for name in req.params:
        if name in ("fields", "sort_key", "sort_dir") or name in PAGING:
            continue
        if matchers and name in matchers:
            filters[name] = req.get_param_as_list(name)
            continue
        if known is not None and name not in known:
            raise errors.bad_input(f"{name} is not a valid filter")
        filters[name] = req.get_param_as_list(name)
    return filters


def _matches(view: dict, filters: dict, matchers: dict) -> bool:
    for name, values in filters.items():
        if name in matchers:
            if not matchers[name](view, values):
                return False
        elif not any(_equal(view.get(name), value) for value in values):
            return False
    return True


def _equal(actual, wanted: str) -> bool:
    if isinstance(actual, bool):
        return wanted.strip().lower() in (TRUE if actual else FALSE)
    if isinstance(actual, list):
        return wanted in [str(item) for item in actual]
    if actual is None:
        return wanted == ""
    return str(actual) == wanted


def _sorted(req, views: list[dict]) -> list[dict]:
    keys = req.get_param_as_list("sort_key") or []
    dirs = req.get_param_as_list("sort_dir") or []
    if dirs and len(dirs) != len(keys):
        raise errors.bad_input("The number of sort_keys and sort_dirs must be same")
    for direction in dirs:
        if direction not in ("asc", "desc"):
            raise errors.bad_input(f"{direction} is invalid value for sort_dirs, "
                                   "valid value is 'asc' and 'desc'")
    if views:
        for key in keys:
            if key not in views[0] or isinstance(views[0][key], (list, dict)):
                raise errors.bad_input(f"{key} is invalid attribute for sort_keys")
    if not keys and (req.get_param("limit") or req.get_param("marker")):
        keys, dirs = ["id"], ["asc"]
    for key, direction in reversed(list(zip(keys, dirs or ["asc"] * len(keys)))):
        views = sorted(views, key=lambda view: _sort_value(view.get(key)),
                       reverse=direction == "desc")
    return views


def _sort_value(value):
    """None first, then numbers and booleans by value, text by text."""
    if value is None:
        return (0, 0, "")
    if isinstance(value, (bool, int)):
        return (1, int(value), "")
    return (1, 0, str(value))


def _paged(req, collection: str, views: list[dict]) -> Page:
    raw = req.get_param("limit")
    try:
        limit = int(raw) if raw not in (None, "") else 0
    except ValueError:
        raise errors.bad_input(f"'{raw}' is not an integer")
    if limit < 0:
        raise errors.bad_input(f"'{raw}' should be non-negative")
    marker = req.get_param("marker")
    reverse = as_bool(req.get_param("page_reverse") or False, "page_reverse")
    if marker is not None:
        index = next((i for i, view in enumerate(views) if view.get("id") == marker),
                     None)
        if index is None:
            raise errors.typed(exceptions.NotFound(f"Marker {marker} could not be "
                                                   "found."), "HTTPNotFound")
        views = views[:index] if reverse else views[index + 1:]
    if not limit:
        return Page(views, [])
    page = views[-limit:] if reverse else views[:limit]
    more = len(views) > limit
    links = []
    if page and more:
        links.append(_link(req, collection, page[0 if reverse else -1]["id"],
                           "previous" if reverse else "next", reverse))
    if page and (marker is not None):
        links.append(_link(req, collection, page[-1 if reverse else 0]["id"],
                           "next" if reverse else "previous", not reverse))
    return Page(page, links)


def _link(req, collection: str, marker: str, rel: str, reverse: bool) -> dict:
    params = [(name, value) for name in req.params if name not in ("marker",
                                                                   "page_reverse")
              for value in req.get_param_as_list(name)]
    params.append(("marker", marker))
    if reverse:
        params.append(("page_reverse", "True"))
    return {"rel": rel, "href": f"{req.prefix}/v2.0/{collection}?"
                                f"{urllib.parse.urlencode(params)}"}
