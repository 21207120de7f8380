"""What every Neutron resource shares: policy in Neutron's rule names, and
the query parameters of lists and shows (filters, fields=; sort_key and
sort_dir, limit, marker and page_reverse through wsgi/paging.py), applied
to the views of a collection. The views come from several sources (a
network is a nova-network network, a draft or a floating IP pool), so they
are filtered, ordered and paged in memory, with the keyset semantics the
SQL listings have."""
from __future__ import annotations

from oslo_log import log as logging

from onestack import policy
from onestack.api.neutron import errors
from onestack.common import exceptions
from onestack.wsgi import links, paging

LOG = logging.getLogger(__name__)
ROOT = links.Root("/v2.0")

PAGING = ("limit", "marker", "page_reverse")
TRUE, FALSE = paging.NEUTRON_TRUE, paging.NEUTRON_FALSE


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


MAX_BULK = 100


def bodies_of(req, member: str, collection: str) -> tuple[list[dict], bool]:
    """The objects a create names: ([the one of {member: {...}}], False), or
    for a bulk create {collection: [{...}, ...]} (Neutron's) (them, True)."""
    from onestack.wsgi import validation
    document = validation.read_json(req)
    if isinstance(document, dict) and collection in document:
        items = document[collection]
        if len(document) != 1 or not isinstance(items, list) or not items or \
                not all(isinstance(item, dict) for item in items):
            raise errors.typed(exceptions.BadRequest(
                f"Bulk create: send {{\"{collection}\": [{{...}}, ...]}}."),
                "HTTPBadRequest")
        if len(items) > MAX_BULK:
            raise errors.bad_input(f"at most {MAX_BULK} {collection} in one request")
        return items, True
    if not isinstance(document, dict) or not isinstance(document.get(member), dict):
        raise errors.typed(exceptions.BadRequest(
            f"Resource body required: send {{\"{member}\": {{...}}}}."), "HTTPBadRequest")
    return [document[member]], False


def create_all(prepared: list, create, undo) -> list:
    """create(item) for each prepared item, all or nothing: when one fails,
    undo(made) removes those made before it, newest first, and the failure
    is the answer. Callers check every item's input before the first create,
    so what is undone is what only creating can find (quota, addresses,
    overlaps, races)."""
    made = []
    try:
        for item in prepared:
            made.append(create(item))
    except BaseException:
        for done in reversed(made):
            try:
                undo(done)
            except Exception:
                LOG.exception("Undoing part of a bulk create failed")
        raise
    return made


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


def listed(req, collection: str, views: list[dict], matchers=None) -> dict:
    """The answer of GET /v2.0/{collection}: views filtered by the query's
    attribute filters (each an attribute of the views, several values meaning
    any of them; matchers: name -> fn(view, values) for filters on lists),
    sorted and paged by the shared paginator, with fields= applied."""
    views = [view for view in views if _matches(view, _filters(req, views, matchers),
                                                 matchers or {})]
    page = _shared(paging.neutron_requested, req.params)
    paged = bool(page.limit) or page.marker is not None
    keys = _shared(paging.neutron_sort, req.params, paged)
    _check_sort_keys(views, keys)
    items, more = paging.page_of(paging.in_order(views, keys), page)
    wanted = fields(req)
    body = {collection: [select(view, wanted) for view in items]}
    found = paging.neutron_links(req, ROOT, f"/{collection}",
                                 [view["id"] for view in items], page, more)
    if found:
        body[f"{collection}_links"] = found
    return body


def _shared(parse, *args):
    """A paging parameter read by the shared paginator; its refusal in
    Neutron's words."""
    try:
        return parse(*args)
    except exceptions.BadRequest as error:
        raise errors.bad_input(error.message)


def _check_sort_keys(views, keys) -> None:
    for key, _ in keys:
        if views and (key not in views[0] or isinstance(views[0][key], (list, dict))):
            raise errors.bad_input(f"{key} is invalid attribute for sort_keys")


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
