"""Version discovery for every API: a resource that answers GET with a
document built from the request (its links need the caller's host), with
no token, at the status the API gives it (Keystone and Glance answer their
root with 300 Multiple Choices).

    ("/", lambda conf: versions.Discovery(document_of_all, falcon.HTTP_300))
"""
from __future__ import annotations

from typing import Callable

import falcon


class Discovery:
    auth_required = False

    def __init__(self, document: Callable[[falcon.Request], dict],
                 status: str = falcon.HTTP_200):
        self.document = document
        self.status = status

    def on_get(self, req, resp):
        resp.status = self.status
        resp.media = self.document(req)
