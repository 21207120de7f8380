"""The networking API (port 9696): a Neutron v2.0 subset over nova-network,
with Neutron's error bodies."""
from onestack.api.neutron import (agents, extensions, floatingips, networks, ports,
                                  quotas, routers, security_groups, subnets, versions)
from onestack.identity import catalog
from onestack.wsgi.app import create_app
from onestack.wsgi.middleware import TrailingSlashIsNotFound

# Each module lists ROUTES: (path under /v2.0, factory(conf)). Explicit, in one place.
RESOURCE_MODULES = (extensions, networks, subnets, ports, routers,
                    security_groups, floatingips, quotas, agents)


def create(conf):
    routes = [(template, factory(conf)) for template, factory in versions.ROUTES]
    for module in RESOURCE_MODULES:
        routes += [("/v2.0" + template, factory(conf))
                   for template, factory in module.ROUTES]
    return create_app(conf, "network", routes, fault_style="neutron",
                      auth_uri=catalog.url_for(conf, "identity"),
                      first_middleware=(JsonSuffix(),
                                        TrailingSlashIsNotFound()))


class JsonSuffix:
    """/v2.0/networks.json is /v2.0/networks, as Neutron serves it."""

    def process_request(self, req, resp):
        if req.path.endswith(".json"):
            req.path = req.path[:-len(".json")]
