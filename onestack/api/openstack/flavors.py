"""/flavors: list, detail, show; create, update (2.55) and delete for the admin.

Flavors are looked up by their flavorid only: `GET /flavors/m1.tiny` is a 404,
after which clients look the name up in the list. Bodies follow the
microversion: description from 2.55, extra_specs from 2.61 (when the caller
may read them), swap 0 rather than "" from 2.75.
"""
from __future__ import annotations

import uuid as uuid_module

from onestack.api.openstack import base, params
from onestack.api.openstack.policies import flavor_extra_specs as spec_policies
from onestack.api.openstack.policies import flavors as policies
from onestack.api.openstack.schemas import flavors as schemas
from onestack.api.openstack.schemas import parameter_types as types
from onestack.common import exceptions
from onestack.db import flavors as flavor_db
from onestack.wsgi import links, validation

SPECS_INDEX = spec_policies.BASE % "index"
_NONE_TEXTS = ("none",)
MAX_INT = 0x7FFFFFFF


def may_read_specs(resource: base.Resource, req) -> bool:
    """Whether flavor bodies carry extra_specs: from 2.61, for callers the
    extra specs index policy lets in."""
    if not base.at_least(req, "2.61"):
        return False
    try:
        resource.authorize(req, SPECS_INDEX)
    except exceptions.Forbidden:
        return False
    return True


def brief(req, flavor: dict) -> dict:
    body = {"id": flavor["flavorid"], "name": flavor["name"],
            "links": base.link(req, f"/flavors/{links.quoted(flavor['flavorid'])}")}
    if base.at_least(req, "2.55"):
        body["description"] = flavor["description"]
    return body


def detail(req, flavor: dict, with_specs: bool) -> dict:
    swap = flavor["swap"] or 0
    body = {
        "id": flavor["flavorid"],
        "name": flavor["name"],
        "ram": flavor["memory_mb"],
        "disk": flavor["root_gb"],
        "swap": swap if base.at_least(req, "2.75") else (swap or ""),
        "OS-FLV-EXT-DATA:ephemeral": flavor["ephemeral_gb"],
        "OS-FLV-DISABLED:disabled": bool(flavor["disabled"]),
        "vcpus": flavor["vcpus"],
        "os-flavor-access:is_public": bool(flavor["is_public"]),
        "rxtx_factor": flavor["rxtx_factor"] or "",
        "links": base.link(req, f"/flavors/{links.quoted(flavor['flavorid'])}"),
    }
    if base.at_least(req, "2.55"):
        body["description"] = flavor["description"]
    if with_specs:
        body["extra_specs"] = flavor["extra_specs"]
    return body


def find(req, flavorid: str) -> dict:
    """The flavor named in the path, if the caller may see it."""
    ctx = req.context.ctx
    return flavor_db.get(flavorid, ctx.project_id, ctx.is_admin)


def _is_public_filter(req) -> bool | None:
    value = params.last(req, "is_public")
    if value is None:
        return True
    if value.strip().lower() in _NONE_TEXTS:
        return None
    text = value.strip().lower()
    if text in ("1", "t", "true", "on", "y", "yes"):
        return True
    if text in ("0", "f", "false", "off", "n", "no"):
        return False
    raise exceptions.BadRequest(f"Invalid is_public filter [{value}]")


def _minimum(req, name: str) -> int | None:
    value = params.last(req, name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise exceptions.BadRequest(f"Invalid {name} filter [{value}]")


def _choice(req, name: str, allowed, default: str) -> str:
    value = params.last(req, name)
    if value is None or value == "":
        return default
    if value not in allowed:
        raise exceptions.ValidationError(
            f"Invalid input for query parameters {name}. Value: {value}. "
            f"'{value}' is not one of {list(allowed)}")
    return value


def listed(req) -> tuple[list[dict], int]:
    """The flavors a list request asks for, and the page size."""
    if base.at_least(req, "2.75"):
        params.reject_unknown(req, schemas.INDEX_QUERY)
    ctx = req.context.ctx
    sort_key = _choice(req, "sort_key", schemas.SORT_KEYS, "flavorid")
    sort_dir = _choice(req, "sort_dir", schemas.SORT_DIRS, "asc")
    limit, marker = base.limit_and_marker(req)
    is_public = _is_public_filter(req) if ctx.is_admin else True
    try:
        flavors = flavor_db.list_(
            ctx.project_id, ctx.is_admin, is_public=is_public,
            min_memory_mb=_minimum(req, "minRam"), min_root_gb=_minimum(req, "minDisk"),
            sort_key=sort_key, sort_dir=sort_dir, limit=limit, marker=marker)
    except exceptions.NotFound:
        raise exceptions.BadRequest(f"marker [{marker}] not found")
    return flavors, limit


def _collection(req, items, flavors, limit, collection) -> dict:
    body = {"flavors": items}
    links = base.next_links(req, f"/{collection}", [f["flavorid"] for f in flavors],
                            limit)
    if links:
        body["flavors_links"] = links
    return body


def _size(body: dict, name: str, minimum: int, default=None) -> int:
    value = body.get(name, default)
    number = int(value)
    if number < minimum:
        raise exceptions.BadRequest(
            f"Invalid input received: {name} must be >= {minimum}")
    if number > MAX_INT:
        raise exceptions.BadRequest(
            f"Invalid input received: {name} must be <= {MAX_INT}")
    return number


def _values_from(req, body: dict) -> dict:
    flavorid = body.get("id")
    if flavorid is None:
        flavorid = str(uuid_module.uuid4())
    elif isinstance(flavorid, float) and flavorid.is_integer():
        flavorid = str(int(flavorid))
    else:
        flavorid = str(flavorid)
    rxtx = float(body.get("rxtx_factor", 1.0))
    if rxtx <= 0:
        raise exceptions.BadRequest("Invalid input received: rxtx_factor must be > 0")
    return {
        "flavorid": flavorid, "name": body["name"],
        "memory_mb": _size(body, "ram", 1), "vcpus": _size(body, "vcpus", 1),
        "root_gb": _size(body, "disk", 0),
        "ephemeral_gb": _size(body, "OS-FLV-EXT-DATA:ephemeral", 0, 0),
        "swap": _size(body, "swap", 0, 0), "rxtx_factor": rxtx,
        "is_public": types.to_bool(body.get("os-flavor-access:is_public", True)),
        "description": body.get("description") if base.at_least(req, "2.55") else None,
    }


class Flavors(base.Resource):
    """GET /flavors (brief) and POST /flavors."""

    def on_get(self, req, resp):
        flavors, limit = listed(req)
        resp.media = _collection(req, [brief(req, f) for f in flavors], flavors,
                                 limit, "flavors")

    def on_post(self, req, resp):
        self.authorize(req, policies.BASE % "create", {})
        schema = schemas.create_v255 if base.at_least(req, "2.55") else schemas.create
        body = validation.read_valid_json(req, schema)["flavor"]
        flavor = flavor_db.create(**_values_from(req, body))
        resp.media = {"flavor": detail(req, flavor, may_read_specs(self, req))}


class FlavorDetails(base.Resource):
    """GET /flavors/detail."""

    def on_get(self, req, resp):
        flavors, limit = listed(req)
        with_specs = may_read_specs(self, req)
        resp.media = _collection(req, [detail(req, f, with_specs) for f in flavors],
                                 flavors, limit, "flavors/detail")


class Flavor(base.Resource):
    """GET, PUT (2.55) and DELETE /flavors/{flavor_id}."""

    def on_get(self, req, resp, flavor_id):
        flavor = find(req, flavor_id)
        resp.media = {"flavor": detail(req, flavor, may_read_specs(self, req))}

    def on_put(self, req, resp, flavor_id):
        if not base.at_least(req, "2.55"):
            raise exceptions.NotFound("The resource could not be found.")
        self.authorize(req, policies.BASE % "update", {})
        body = validation.read_valid_json(req, schemas.update)
        flavor = flavor_db.update_description(flavor_id, body["flavor"]["description"])
        resp.media = {"flavor": detail(req, flavor, may_read_specs(self, req))}

    def on_delete(self, req, resp, flavor_id):
        self.authorize(req, policies.BASE % "delete", {})
        flavor_db.delete_(flavor_id)
        resp.status = 202


ROUTES = (
    ("/flavors", lambda conf: Flavors(conf)),
    ("/flavors/detail", lambda conf: FlavorDetails(conf)),
    ("/flavors/{flavor_id}", lambda conf: Flavor(conf)),
)
