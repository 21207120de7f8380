"""/os-floating-ips: the floating IPs of the caller's project (nova-network's
API, which answers here at every microversion: ours is native, not a proxy).

A floating IP of another project answers as one that does not exist.
Allocating from an unknown or exhausted pool is 404, over the floating_ips
quota 403, with Nova's messages.
"""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.policies import floating_ips as policies
from onestack.api.openstack.schemas import floating_ips as schemas
from onestack.network import floating_ips as floating_api
from onestack.wsgi import validation


def view(held) -> dict:
    return {"id": held.row.uuid, "ip": held.row.address, "pool": held.row.pool,
            "fixed_ip": held.fixed_address, "instance_id": held.instance_uuid}


class FloatingIps(base.Resource):
    """GET (list) and POST (allocate) /os-floating-ips."""

    def on_get(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "list", {"project_id": ctx.project_id})
        resp.media = {"floating_ips": [view(held)
                                       for held in floating_api.of_project(ctx)]}

    def on_post(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, policies.BASE % "create", {"project_id": ctx.project_id})
        body = validation.read_json(req, required=False)
        validation.validate(schemas.create, body)
        held = floating_api.allocate(self.conf, ctx, (body or {}).get("pool"))
        resp.media = {"floating_ip": view(held)}


class FloatingIp(base.Resource):
    """GET (show) and DELETE (release) /os-floating-ips/{floating_ip_id}."""

    def on_get(self, req, resp, floating_ip_id):
        held = floating_api.get(req.context.ctx, floating_ip_id)
        self.authorize(req, policies.BASE % "show", {"project_id": held.row.project_id})
        resp.media = {"floating_ip": view(held)}

    def on_delete(self, req, resp, floating_ip_id):
        held = floating_api.get(req.context.ctx, floating_ip_id)
        self.authorize(req, policies.BASE % "delete",
                       {"project_id": held.row.project_id})
        floating_api.release(req.context.ctx, held)
        resp.status = 202


ROUTES = (
    ("/os-floating-ips", lambda conf: FloatingIps(conf)),
    ("/os-floating-ips/{floating_ip_id}", lambda conf: FloatingIp(conf)),
)
