"""/v2.0/routers: a project's routers, with an external gateway on a
floating IP pool's network and interfaces on its subnets."""
from __future__ import annotations

from onestack.api.neutron import base, errors, views
from onestack.api.neutron.networks import project_of, text
from onestack.common import exceptions
from onestack.db import routers as routers_db
from onestack.network import ports, routers

CREATE = {"name", "description", "admin_state_up", "external_gateway_info",
          "project_id", "tenant_id", "distributed", "ha", "availability_zone_hints"}
UPDATE = {"name", "description", "admin_state_up", "external_gateway_info", "routes"}


def view(conf, row) -> dict:
    gateway = None
    port = ports.gateway_port(conf, row)
    if port is not None:
        gateway = {"network_id": port.network_uuid, "enable_snat": row.enable_snat,
                   "external_fixed_ips": [{"subnet_id": port.subnet_uuid,
                                           "ip_address": port.address}]}
    return {"id": row.uuid, "name": row.name, "description": row.description,
            **views.owned(row.project_id), "admin_state_up": row.admin_state_up,
            "status": "ACTIVE", "external_gateway_info": gateway, "routes": [],
            "availability_zone_hints": [], "availability_zones": ["nova"],
            **views.stamps(row)}


def gateway_of(body: dict) -> tuple[str | None, bool]:
    info = body.get("external_gateway_info")
    if info is None or info == {}:
        return None, True
    if not isinstance(info, dict) or not isinstance(info.get("network_id"), str):
        raise errors.bad_input("external_gateway_info needs a network_id")
    if info.get("external_fixed_ips"):
        raise errors.bad_input("external_fixed_ips are not supported here")
    return info["network_id"], base.as_bool(info.get("enable_snat", True),
                                            "enable_snat")


def refuse_unsupported(body: dict) -> None:
    for key in ("distributed", "ha"):
        if body.get(key):
            raise errors.bad_input(f"{key} routers are not supported here")
    if body.get("routes"):
        raise errors.bad_input("static routes are not supported here")


def admin_state_of(body: dict) -> bool:
    value = body.get("admin_state_up")
    return True if value is None else base.as_bool(value, "admin_state_up")


def _bad(error: exceptions.BadRequest):
    return errors.typed(error, "BadRequest")


class Routers(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, "get_router")
        resp.media = base.listed(req, "routers", [
            view(self.conf, row) for row in routers_db.list_(req.context.ctx)])

    def on_post(self, req, resp):
        body = base.body_of(req, "router")
        base.only(body, CREATE, None)
        project = project_of(req, body)
        self.authorize(req, "create_router", {"project_id": project})
        refuse_unsupported(body)
        network_id, snat = gateway_of(body)
        try:
            row = routers.create_router(self.conf, req.context.ctx, text(body, "name"),
                                        text(body, "description"), project,
                                        network_id, snat, admin_state_of(body))
        except exceptions.OverQuota:
            raise errors.over_quota("router")
        except exceptions.BadRequest as error:
            raise _bad(error)
        resp.status = 201
        resp.media = {"router": view(self.conf, row)}


class Router(base.Resource):
    def found(self, req, router_id, rule):
        row = routers_db.get(router_id, req.context.ctx)
        self.authorize(req, rule, {"project_id": row.project_id})
        return row

    def on_get(self, req, resp, router_id):
        resp.media = base.shown(req, "router", view(self.conf, self.found(
            req, router_id, "get_router")))

    def on_put(self, req, resp, router_id):
        body = base.body_of(req, "router")
        base.only(body, UPDATE, "update")
        row = self.found(req, router_id, "get_router")
        self.authorize(req, "update_router", {"project_id": row.project_id})
        refuse_unsupported(body)
        values = {key: text(body, key) for key in ("name", "description") if key in body}
        if "admin_state_up" in body:
            values["admin_state_up"] = admin_state_of(body)
        if "external_gateway_info" in body:
            network_id, values["enable_snat"] = gateway_of(body)
            try:
                values["gateway_pool"] = routers.gateway_pool(self.conf, req.context.ctx,
                                                              network_id)
            except exceptions.BadRequest as error:
                raise _bad(error)
        resp.media = {"router": view(self.conf,
                                     routers_db.update_router(row.uuid, **values))}

    def on_delete(self, req, resp, router_id):
        row = self.found(req, router_id, "get_router")
        self.authorize(req, "delete_router", {"project_id": row.project_id})
        routers_db.delete_router(row.uuid)
        resp.status = 204


class Interface(base.Resource):
    """PUT /v2.0/routers/{id}/add_router_interface and remove_router_interface."""

    def __init__(self, conf, adding: bool):
        super().__init__(conf)
        self.adding = adding

    def on_put(self, req, resp, router_id):
        ctx = req.context.ctx
        rule = "add_router_interface" if self.adding else "remove_router_interface"
        document = base.validation_json(req)
        row = routers_db.get(router_id, ctx)
        self.authorize(req, rule, {"project_id": row.project_id})
        subnet_id, port_id = document.get("subnet_id"), document.get("port_id")
        if bool(subnet_id) == bool(port_id):
            raise errors.bad_input("Either subnet_id or port_id must be specified")
        try:
            if self.adding and port_id:
                iface, network = routers.attach_port(self.conf, ctx, row, port_id)
            elif self.adding:
                iface, network = routers.attach(self.conf, ctx, row, subnet_id)
            else:
                iface, network = routers.detach(self.conf, ctx, row, subnet_id, port_id)
        except exceptions.BadRequest as error:
            raise _bad(error)
        except exceptions.NotFound as error:
            raise errors.renamed(error, "RouterInterface" if not self.adding
                                 else "Port" if port_id else "Subnet")
        resp.media = {"id": row.uuid, "subnet_id": network.subnet_uuid,
                      "subnet_ids": [network.subnet_uuid], "port_id": iface.port_uuid,
                      "network_id": network.uuid, **views.owned(row.project_id)}


ROUTES = (
    ("/routers", lambda conf: Routers(conf)),
    ("/routers/{router_id}", lambda conf: Router(conf)),
    ("/routers/{router_id}/add_router_interface", lambda conf: Interface(conf, True)),
    ("/routers/{router_id}/remove_router_interface",
     lambda conf: Interface(conf, False)),
)
