"""GET and DELETE /servers/{id}/os-server-password: the password a server
posted to the metadata service, encrypted with its key pair's public key
(`nova get-password` decrypts it with the private key); "" when none."""
from __future__ import annotations

import falcon

from onestack.api.openstack import base
from onestack.compute import api as compute_api
from onestack.compute import server_password

RULE = "os_compute_api:os-server-password:%s"


class ServerPassword(base.Resource):
    def _instance(self, req, server_id, rule):
        instance = compute_api.get(req.context.ctx, server_id)
        self.authorize(req, RULE % rule, {"project_id": instance.project_id,
                                          "user_id": instance.user_id})
        return instance

    def on_get(self, req, resp, server_id):
        instance = self._instance(req, server_id, "show")
        resp.media = {"password": server_password.get(instance.uuid)}

    def on_delete(self, req, resp, server_id):
        instance = self._instance(req, server_id, "clear")
        server_password.clear(instance.uuid)
        resp.status = falcon.HTTP_204


ROUTES = (("/servers/{server_id}/os-server-password",
           lambda conf: ServerPassword(conf)),)
