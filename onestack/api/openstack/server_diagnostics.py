"""GET /servers/{id}/diagnostics (admin): what the hypervisor reports of a server.

From 2.48 in the standard form every driver fills; before, as the libvirt
driver gave it: flat keys such as cpu0_time, memory, vda_read.
"""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.compute import actions, api as compute_api

RULE = "os_compute_api:os-server-diagnostics"


def legacy(diagnostics: dict) -> dict:
    """The pre-2.48 (libvirt) form of the standard diagnostics."""
    body = {f"cpu{cpu['id']}_time": cpu["time"] for cpu in diagnostics["cpu_details"]}
    for index, disk in enumerate(diagnostics["disk_details"]):
        name = "vd" + chr(ord("a") + index)
        body.update({f"{name}_read": disk["read_bytes"],
                     f"{name}_read_req": disk["read_requests"],
                     f"{name}_write": disk["write_bytes"],
                     f"{name}_write_req": disk["write_requests"],
                     f"{name}_errors": disk["errors_count"]})
    memory = diagnostics["memory_details"]
    body["memory"] = (memory["maximum"] or 0) * 1024  # KiB, as libvirt counts
    body["memory-actual"] = body["memory"]
    body["memory-rss"] = (memory["used"] or 0) * 1024
    return body


class ServerDiagnostics(base.Resource):
    def on_get(self, req, resp, server_id):
        ctx = req.context.ctx
        instance = compute_api.get(ctx, server_id)
        self.authorize(req, RULE, {"project_id": instance.project_id})
        diagnostics = actions.diagnostics(self.conf, ctx, instance)
        resp.media = diagnostics if base.at_least(req, "2.48") else legacy(diagnostics)


ROUTES = (("/servers/{server_id}/diagnostics", lambda conf: ServerDiagnostics(conf)),)
