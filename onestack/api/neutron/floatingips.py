"""/v2.0/floatingips: the floating IPs of the compute API's os-floating-ips,
allocated from a pool's external network and associated with a port."""
from __future__ import annotations

from onestack.api.neutron import base, errors, views
from onestack.api.neutron.networks import project_of
from onestack.common import exceptions
from onestack.network import neutron_floating_ips, pools, subnets

CREATE = {"floating_network_id", "port_id", "fixed_ip_address", "floating_ip_address",
          "description", "project_id", "tenant_id", "subnet_id"}
UPDATE = {"port_id", "fixed_ip_address", "description"}


_routers = neutron_floating_ips.routers_of


def view(held, routers: dict) -> dict:
    row = held.row
    return {"id": row.uuid, "floating_ip_address": row.address,
            "floating_network_id": pools.network_id(row.pool),
            "fixed_ip_address": held.fixed_address, "port_id": held.fixed_uuid,
            "router_id": routers.get((held.fixed_network_id, row.pool)),
            "status": "ACTIVE" if held.fixed_uuid else "DOWN",
            **views.owned(row.project_id), "description": row.description,
            "tags": [],
            **views.stamps(row)}


class FloatingIps(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, "get_floatingip")
        found = neutron_floating_ips.list_(req.context.ctx)
        routers = _routers(found)
        resp.media = base.listed(req, "floatingips",
                                 [view(held, routers) for held in found])

    def on_post(self, req, resp):
        body = base.body_of(req, "floatingip")
        base.only(body, CREATE, None)
        project = project_of(req, body)
        self.authorize(req, "create_floatingip", {"project_id": project})
        if body.get("floating_ip_address") is not None:
            self.authorize(req, "create_floatingip:floating_ip_address",
                           {"project_id": project})
        network_id = body.get("floating_network_id")
        pool = self.pool(req, network_id)
        if body.get("subnet_id") not in (None, pools.subnet_id(pool)):
            raise errors.bad_input(f"subnet {body['subnet_id']} is not the subnet of "
                                   f"network {network_id}")
        held = neutron_floating_ips.create(
            self.conf, req.context.ctx, pool, network_id,
            body.get("floating_ip_address"), body.get("port_id"),
            body.get("fixed_ip_address"), project, body.get("description"))
        resp.status = 201
        resp.media = {"floatingip": view(held, _routers([held]))}

    def pool(self, req, network_id) -> str:
        """The pool of an external network; 404 for a network that is not
        there, 400 for one that is not external."""
        if not isinstance(network_id, str):
            raise errors.bad_input("floating_network_id is required")
        found = subnets.find(self.conf, req.context.ctx, network_id)
        if found.external is None:
            raise errors.typed(exceptions.BadRequest(
                f"Bad floatingip request: Network {network_id} is not a valid "
                "external network."), "BadRequest")
        return found.external.name


class FloatingIp(base.Resource):
    def found(self, req, floating_id: str, rule: str):
        held = neutron_floating_ips.get(req.context.ctx, floating_id)
        self.authorize(req, rule, {"project_id": held.row.project_id})
        return held

    def on_get(self, req, resp, floating_id):
        held = self.found(req, floating_id, "get_floatingip")
        resp.media = base.shown(req, "floatingip", view(held, _routers([held])))

    def on_put(self, req, resp, floating_id):
        held = self.found(req, floating_id, "update_floatingip")
        body = base.body_of(req, "floatingip")
        base.only(body, UPDATE, "update")
        held = neutron_floating_ips.update(req.context.ctx, held, body)
        resp.media = {"floatingip": view(held, _routers([held]))}

    def on_delete(self, req, resp, floating_id):
        held = self.found(req, floating_id, "delete_floatingip")
        neutron_floating_ips.delete(req.context.ctx, held)
        resp.status = 204


ROUTES = (
    ("/floatingips", lambda conf: FloatingIps(conf)),
    ("/floatingips/{floating_id}", lambda conf: FloatingIp(conf)),
)
