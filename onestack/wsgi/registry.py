"""The APIs the process can serve, and what their HTTP servers need to know."""
from __future__ import annotations

import dataclasses
from typing import Callable

from onestack.api.openstack import app as compute_app
from onestack.identity import app as identity_app
from onestack.image import app as image_app
from onestack.image.v2 import image_data
from onestack.wsgi import server


@dataclasses.dataclass(frozen=True)
class Api:
    create: Callable             # conf -> the WSGI app
    fault_style: str             # faults.body style of requests refused before the app
    raw_body_routes: tuple = ()  # (method, uri template): bodies up to image_size_cap

    def server_settings(self, conf) -> server.Settings:
        return server.settings_for(conf, self.fault_style, self.raw_body_routes,
                                   conf.image.image_size_cap)


APIS = {
    "identity": Api(identity_app.create, "keystone"),
    "image": Api(image_app.create, "glance", image_data.RAW_BODY_ROUTES),
    "compute": Api(compute_app.create, "nova"),
}
