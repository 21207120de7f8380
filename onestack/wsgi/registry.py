"""The APIs this version serves: each one's app factory, what its HTTP
server needs to know, and its catalog entries.

An API is served when it is listed here and named in `enabled_apis`. The
served ones, and only they, are what `onestack all` and `onestack-api` start,
what bootstrap writes into the service catalog and what `onestack all`
prints; an API joins all of them by being added here.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from onestack.api.metadata import handler as metadata_app
from onestack.api.neutron import app as network_app
from onestack.api.openstack import app as compute_app
from onestack.api.openstack import base as compute_base
from onestack.identity import app as identity_app
from onestack.image import app as image_app
from onestack.image.v2 import image_data
from onestack.wsgi import faults, server


@dataclasses.dataclass(frozen=True)
class CatalogEntry:
    service_type: str
    name: str
    path: str = ""  # after http://host:port


@dataclasses.dataclass(frozen=True)
class Api:
    create: Callable             # conf -> the WSGI app
    fault_style: str             # faults.STYLES name, also for requests refused before the app
    catalog: tuple[CatalogEntry, ...] = ()
    raw_body_routes: tuple = ()  # (method, uri template): bodies up to image_size_cap

    def __post_init__(self):
        faults.style(self.fault_style)  # a misspelt style fails at import, not at a refusal

    def server_settings(self, conf) -> server.Settings:
        return server.settings_for(conf, self.fault_style, self.raw_body_routes,
                                   conf.image.image_size_cap)


APIS = {
    "identity": Api(identity_app.create, "keystone",
                    (CatalogEntry("identity", "keystone"),)),
    "image": Api(image_app.create, "glance", (CatalogEntry("image", "glance"),),
                 image_data.RAW_BODY_ROUTES),
    "compute": Api(compute_app.create, "nova",
                   (CatalogEntry("compute", "nova", compute_base.ROOT.path),)),
    "metadata": Api(metadata_app.create, "nova"),  # not in the catalog, as Nova's
    "network": Api(network_app.create, "neutron", (CatalogEntry("network", "neutron"),)),
}


def served(conf) -> list[str]:
    """The enabled APIs this version has, in the order of enabled_apis."""
    return [name for name in dict.fromkeys(conf.enabled_apis) if name in APIS]


def unavailable(conf) -> list[str]:
    """The enabled APIs this version does not have."""
    return [name for name in dict.fromkeys(conf.enabled_apis) if name not in APIS]


def catalog_entries(conf) -> list[tuple[str, CatalogEntry]]:
    """(api, entry) for each catalog entry of the served APIs."""
    return [(name, entry) for name in served(conf) for entry in APIS[name].catalog]
