"""Hypothesis strategies for one request to a route: persona, path ids,
query, headers and body, each either well-formed (existing ids, bodies drawn
from the route's JSON schemas with hypothesis-jsonschema) or mutated."""
from __future__ import annotations

import base64
import copy
import dataclasses
import json
from urllib.parse import quote, urlencode

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from tests.fuzz.routes import Route

PERSONAS = ("admin", "member", "anonymous")
COMPUTE_VERSIONS = ("2.1", "2.19", "2.26", "2.37", "2.53", "2.54", "2.57", "2.64",
                    "2.73", "2.75", "2.79", "latest")
PATCH_TYPES = ("application/openstack-images-v2.1-json-patch",
               "application/openstack-images-v2.0-json-patch", "application/json")
QUERY_NAMES = (
    "limit", "marker", "offset", "sort_key", "sort_dir", "sort", "name", "status",
    "all_tenants", "all_projects", "project_id", "tenant_id", "user_id", "deleted",
    "changes-since", "changes-before", "tags", "tags-any", "not-tags", "ip", "ip6",
    "image", "flavor", "host", "node", "locked", "detailed", "start", "end",
    "with_servers", "hypervisor_hostname_pattern", "is_public", "minRam", "minDisk",
    "domain_id", "enabled", "parent_id", "type", "visibility", "member_status",
    "owner", "os_hidden", "protected", "tag", "size_min", "size_max", "created_at",
    "updated_at", "disk_format", "container_format", "binary", "reservation_id",
    "key_name", "availability_zone", "instance_uuid", "migration_type",
    "source_compute", "scope.project.id", "user.id", "include_names", "nocatalog")
# text the APIs must take apart without an exception: numbers past every
# column, patterns that backtrack, encodings, paths, dates, SQL
WEIRD_TEXT = ("", " ", "0", "-1", "1.5", "1e308", "-1e308", "nan", "inf", str(2 ** 70),
              str(10 ** 30), "9" * 5000, "true", "null", "%", "%25", "_", "..", "../..",
              "a" * 1000, "\u00e9", "\U0001f600", "\u202e", "\ufffd", "' OR 1=1 --",
              "{}", "[]", "^(a+)+$", "((", "(a)\\1", "*", "in:a,b", "gte:2020-01-01",
              "2020-13-45T25:61:61", "0000-00-00", "asc", "desc", "created_at:asc")
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
WEIRD = st.one_of(st.sampled_from(WEIRD_TEXT), TEXT,
                  st.integers(-(10 ** 40), 10 ** 40).map(str))
JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 80), 2 ** 80),
                      st.floats(allow_nan=False), WEIRD)
JSON = st.recursive(JSON_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(WEIRD, inner, max_size=4)),
    max_leaves=12)
RAW_BODIES = (b"{", b"[" * 1000 + b"]" * 1000, b'{"a": "\\ud800"}', b'"\\u0000"',
              b"\xff\xfe\x00", b"null", b"[]", b"1e999", b'{"a": 1e999}', b"{}" * 3,
              b'{"a": 1, "a": 2}', b"\x00" * 10)
# what a client can put in a header value: Latin-1 without control characters
HEADER_TEXT = WEIRD.map(lambda text: "".join(
    c for c in text.encode("latin-1", "replace").decode("latin-1")
    if c.isprintable()).strip())
FORMATS = {"base64": st.binary(max_size=30).map(lambda b: base64.b64encode(b).decode()),
           "uuid": st.uuids().map(str)}

_schema_strategies: dict[int, st.SearchStrategy] = {}


@dataclasses.dataclass
class Request:
    api: str
    persona: str
    method: str
    path: str
    query: str
    headers: dict
    body: bytes | None

    def __str__(self):
        shown = (self.body or b"")[:300]
        return f"{self.persona}: {self.method} {self.path}?{self.query} {self.headers} " \
               f"{shown!r}"


def _favour(usual: st.SearchStrategy, rare: st.SearchStrategy) -> st.SearchStrategy:
    """usual three times in four."""
    return st.integers(0, 3).flatmap(lambda n: usual if n else rare)


def _path(route: Route, world) -> st.SearchStrategy:
    def segment(param):
        known = world.ids.get((route.api, param)) or ["x"]
        return _favour(st.sampled_from(known), WEIRD).map(
            lambda value: quote(str(value), safe=""))
    return st.fixed_dictionaries({p: segment(p) for p in route.params}).map(
        lambda values: route.template.format(**values))


def _query(route: Route, world) -> st.SearchStrategy:
    known = [str(v) for (api, _), values in world.ids.items() if api == route.api
             for v in values]
    value = _favour(WEIRD, st.sampled_from(known))
    pairs = st.lists(st.tuples(_favour(st.sampled_from(QUERY_NAMES), TEXT), value),
                     max_size=4)
    return pairs.map(urlencode)


def _schema_body(schema: dict) -> st.SearchStrategy:
    if id(schema) not in _schema_strategies:
        _schema_strategies[id(schema)] = from_schema(schema, custom_formats=FORMATS)
    return _schema_strategies[id(schema)]


@st.composite
def _with_known_fields(draw, document, fields: dict):
    """document with some values of fields it names (imageRef, flavorRef, ...)
    replaced by ids that exist, so valid bodies get past the lookups."""
    if isinstance(document, dict):
        return {k: draw(st.sampled_from(fields[k])) if k in fields and draw(st.booleans())
                else draw(_with_known_fields(v, fields)) for k, v in document.items()}
    if isinstance(document, list):
        return [draw(_with_known_fields(v, fields)) for v in document]
    return document


@st.composite
def _mutated(draw, document):
    """document with one value (or the whole) replaced by any JSON, or one
    member left out."""
    holders = []

    def walk(value):
        if isinstance(value, dict):
            holders.extend((value, key) for key in value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            holders.extend((value, index) for index in range(len(value)))
            for item in value:
                walk(item)
    walk(document)
    if not holders:
        return draw(JSON)
    holder, key = draw(st.sampled_from(holders))
    if isinstance(holder, dict) and draw(st.booleans()):
        del holder[key]
    else:
        holder[key] = draw(JSON)
    return document


def _json_body(route: Route, world, api_schemas: dict) -> st.SearchStrategy:
    """A body from the route's schemas, a seed body, either mutated, or any JSON."""
    choices = [JSON]
    schemas = route.schemas or api_schemas.get(route.api, ())
    if schemas:
        valid = st.sampled_from(schemas).flatmap(_schema_body).flatmap(
            lambda document: _with_known_fields(document, world.fields))
        choices += [valid, valid.flatmap(_mutated)]
    seeds = world.seeds.get(f"{route.method} {route.template}")
    if seeds:
        seed = st.sampled_from(seeds).map(copy.deepcopy)
        choices += [seed, seed.flatmap(_mutated), seed.flatmap(_mutated)]
    return st.one_of(choices)


def _image_patch(world) -> st.SearchStrategy:
    operation = st.fixed_dictionaries(
        {"op": st.sampled_from(["add", "replace", "remove", "move", "test"]),
         "path": st.one_of(st.sampled_from(["/name", "/tags", "/min_ram", "/visibility",
                                            "/protected", "/os_hidden", "/k1",
                                            "/os_glance_x", "/locations"]),
                           TEXT.map(lambda t: "/" + t))},
        optional={"value": JSON})
    return st.lists(operation, max_size=3)


def _body_and_type(route: Route, world, api_schemas) -> st.SearchStrategy:
    if route.method not in ("POST", "PUT", "PATCH"):
        return st.just((None, None))
    if route.api == "image" and route.template.endswith("/file"):
        return st.tuples(st.binary(max_size=2000),
                         st.sampled_from(["application/octet-stream", "text/plain"]))
    if route.api == "image" and route.method == "PATCH":
        seeds = st.sampled_from(world.seeds[f"{route.method} {route.template}"])
        document = st.one_of(_image_patch(world),
                             seeds.map(copy.deepcopy).flatmap(_mutated))
        content_type = st.sampled_from(PATCH_TYPES)
    else:
        document = _json_body(route, world, api_schemas)
        content_type = st.just("application/json")
    encoded = document.map(lambda d: json.dumps(d).encode())
    raw = st.sampled_from(RAW_BODIES)
    return st.tuples(_favour(encoded, st.one_of(raw, st.just(b""))), content_type)


@st.composite
def _headers(draw, route: Route, world, persona: str, content_type):
    headers = {"Accept": "application/json"}
    if world.tokens[persona]:
        headers["X-Auth-Token"] = world.tokens[persona]
    if content_type:
        headers["Content-Type"] = content_type
    if route.api == "compute":
        version = draw(_favour(st.sampled_from(COMPUTE_VERSIONS), HEADER_TEXT))
        headers["OpenStack-API-Version"] = f"compute {version}"
    if route.template.startswith("/v3/auth/tokens"):
        headers["X-Subject-Token"] = draw(_favour(st.just(world.tokens["victim"]),
                                                  HEADER_TEXT))
    if route.template.endswith("/file") and draw(st.booleans()):
        headers["x-openstack-image-size"] = draw(HEADER_TEXT)
    return headers


@st.composite
def requests_for(draw, route: Route, world, api_schemas: dict) -> Request:
    persona = draw(st.sampled_from(PERSONAS))
    body, content_type = draw(_body_and_type(route, world, api_schemas))
    return Request(api=route.api, persona=persona, method=route.method,
                   path=draw(_path(route, world)),
                   query=draw(_query(route, world)),
                   headers=draw(_headers(route, world, persona, content_type)),
                   body=body)
