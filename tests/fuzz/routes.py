"""Every route of every API, from the route tables the app factories read,
with the request body schemas that belong to it.

A compute resource module's bodies are the schemas of its same-named module
in onestack/api/openstack/schemas (and its ACTIONS table, one action a body);
an identity module's are its crud Kinds and its *_SCHEMA constants; the image
API's are its published image schema. Every API's pool of schemas serves as
well, so a body meant for one route reaches the others too.
"""
from __future__ import annotations

import dataclasses
import importlib
import re

from oslo_config import cfg

from onestack import conf as onestack_conf
from onestack.api.neutron import app as network_app
from onestack.api.neutron import versions as network_versions
from onestack.api.openstack import app as compute_app
from onestack.api.openstack import versions as compute_versions
from onestack.identity import app as identity_app
from onestack.identity import crud
from onestack.image import app as image_app
from onestack.image import schemas as image_schemas

METHODS = ("get", "head", "post", "put", "patch", "delete")
# the key an identity resource reads its *_SCHEMA body under (base.body_of)
IDENTITY_WRAPPERS = {"AUTH_SCHEMA": "auth", "CREDENTIAL_SCHEMA": "credential",
                     "PASSWORD_SCHEMA": "user"}


@dataclasses.dataclass(frozen=True)
class Route:
    api: str                  # compute, identity, image, network
    method: str               # GET, POST, ...
    template: str             # /v2.1/servers/{server_id}
    schemas: tuple = ()       # request body schemas of its module

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.template)

    def __str__(self):
        return f"{self.api} {self.method} {self.template}"


def _is_body_schema(value) -> bool:
    return isinstance(value, dict) and value.get("type") == "object" and \
        "properties" in value


def _compute_schemas(module, resource) -> tuple:
    found = [v for v in vars(module).values() if _is_body_schema(v)]
    name = module.__name__.rsplit(".", 1)[-1]
    try:
        schema_module = importlib.import_module(f"onestack.api.openstack.schemas.{name}")
        found += [v for v in vars(schema_module).values() if _is_body_schema(v)]
    except ImportError:
        pass
    for action, (_, schema, _, _) in getattr(module, "ACTIONS", {}).items():
        if callable(schema):
            schema = schema(lambda version: True)
        found.append({"type": "object", "required": [action],
                      "properties": {action: schema}, "additionalProperties": False})
    return tuple(found)


def _identity_schemas(module, resource) -> tuple:
    found = []
    kind = getattr(resource, "kind", None)
    if isinstance(kind, crud.Kind):
        found += [{"type": "object", "required": [kind.name],
                   "properties": {kind.name: schema}}
                  for schema in (kind.create_schema, kind.update_schema)]
    for name, value in vars(module).items():
        if name in IDENTITY_WRAPPERS:
            key = IDENTITY_WRAPPERS[name]
            found.append({"type": "object", "required": [key],
                          "properties": {key: value}})
        elif name.endswith("_SCHEMA") and _is_body_schema(value):
            found.append(value)
    return tuple(found)


def _default_conf() -> cfg.ConfigOpts:
    conf = cfg.ConfigOpts()
    onestack_conf.register_all(conf)
    conf([], project="onestack", default_config_files=[])
    return conf


def _routes_of(api, table, prefix, schemas_of, conf) -> list[Route]:
    routes = []
    for template, factory in table:
        resource = factory(conf)
        module = importlib.import_module(type(resource).__module__)
        schemas = schemas_of(module, resource)
        routes += [Route(api, method.upper(), prefix + template, schemas)
                   for method in METHODS if getattr(resource, f"on_{method}", None)]
    return routes


def all_routes() -> list[Route]:
    """Every (API, method, path template); deletions last, so that the
    objects the other routes are fuzzed with live as long as possible."""
    conf = _default_conf()
    routes = _routes_of("compute", compute_versions.ROUTES, "", _compute_schemas, conf)
    for module in compute_app.RESOURCE_MODULES:
        routes += _routes_of("compute", module.ROUTES, "/v2.1", _compute_schemas, conf)
    for table in identity_app.ROUTE_TABLES:
        routes += _routes_of("identity", table, "", _identity_schemas, conf)
    for table in image_app.ROUTE_TABLES:
        routes += _routes_of("image", table, "", lambda module, resource: (), conf)
    routes += _routes_of("network", network_versions.ROUTES, "",
                         lambda module, resource: (), conf)
    for module in network_app.RESOURCE_MODULES:
        routes += _routes_of("network", module.ROUTES, "/v2.0",
                             lambda module, resource: (), conf)
    return sorted(routes, key=lambda route: route.method == "DELETE")


def api_schemas(routes: list[Route]) -> dict[str, tuple]:
    """Every body schema of each API: what any of its routes may be sent."""
    pools = {"image": (image_schemas.image_body(),)}
    for route in routes:
        pools[route.api] = tuple({id(s): s for s in pools.get(route.api, ()) +
                                  route.schemas}.values())
    return pools
