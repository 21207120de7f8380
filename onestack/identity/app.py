"""The identity API (port 5000): Keystone v3 and v2.0."""
from onestack.identity import catalog, v2, versions
from onestack.identity.v3 import (auth, catalog as catalog_api, credentials,
                                  domains, projects, roles, users)
from onestack.wsgi.app import create_app

ROUTE_TABLES = (versions.ROUTES, auth.ROUTES, domains.ROUTES, projects.ROUTES,
                users.ROUTES, roles.ROUTES, catalog_api.ROUTES,
                credentials.ROUTES, v2.ROUTES)


def create(conf):
    routes = [(template, factory(conf)) for table in ROUTE_TABLES
              for template, factory in table]
    return create_app(conf, "identity", routes, fault_style="keystone",
                      auth_uri=catalog.url_for(conf, "identity"))
