"""/os-floating-ips-bulk: the administrator's ranges of floating IPs, as
`onestack-manage floating create/list/delete` (Nova's shapes; at every
microversion)."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.policies import floating_ips_bulk as policies
from onestack.api.openstack.schemas import floating_ips_bulk as schemas
from onestack.common import exceptions
from onestack.network import floating_ips as floating_api
from onestack.wsgi import validation


def info(held) -> dict:
    row = held.row
    return {"address": row.address, "pool": row.pool, "interface": row.interface,
            "project_id": row.project_id, "instance_uuid": held.instance_uuid,
            "fixed_ip": held.fixed_address}


class FloatingIpsBulk(base.Resource):
    """GET (every floating IP) and POST (a range) /os-floating-ips-bulk."""

    def on_get(self, req, resp):
        self.authorize(req, policies.BASE, {})
        resp.media = {"floating_ip_info": [info(held)
                                           for held in floating_api.list_all()]}

    def on_post(self, req, resp):
        self.authorize(req, policies.BASE, {})
        body = validation.read_valid_json(req, schemas.create)
        wanted = body["floating_ips_bulk_create"]
        made = floating_api.create_range(self.conf, req.context.ctx, wanted["ip_range"],
                                         wanted.get("pool"), wanted.get("interface"))
        resp.media = {"floating_ips_bulk_create": {
            key: made[key] for key in ("ip_range", "pool", "interface")}}


class FloatingIpsBulkItem(base.Resource):
    """GET /os-floating-ips-bulk/{host} (the floating IPs a host serves) and
    PUT /os-floating-ips-bulk/delete (delete a range)."""

    def on_get(self, req, resp, host_name):
        self.authorize(req, policies.BASE, {})
        found = floating_api.list_all(host_name)
        if not found:
            raise exceptions.NotFound(f"Floating IP not found for host {host_name}.")
        resp.media = {"floating_ip_info": [info(held) for held in found]}

    def on_put(self, req, resp, host_name):
        self.authorize(req, policies.BASE, {})
        if host_name != "delete":
            raise exceptions.NotFound("Unknown action")
        ip_range = validation.read_valid_json(req, schemas.delete)["ip_range"]
        floating_api.delete_range(req.context.ctx, ip_range)
        resp.media = {"floating_ips_bulk_delete": ip_range}


ROUTES = (
    ("/os-floating-ips-bulk", lambda conf: FloatingIpsBulk(conf)),
    ("/os-floating-ips-bulk/{host_name}", lambda conf: FloatingIpsBulkItem(conf)),
)
