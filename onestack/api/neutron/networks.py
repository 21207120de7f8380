"""/v2.0/networks: each nova-network network, each network made here that
has no subnet yet, and each floating IP pool as an external network."""
from __future__ import annotations

from onestack.api.neutron import base, errors, views
from onestack.common import exceptions
from onestack.network import subnets

CREATE = {"name", "admin_state_up", "shared", "mtu", "description", "project_id",
          "tenant_id", "router:external", "port_security_enabled",
          "availability_zone_hints"}
UPDATE = {"name", "admin_state_up", "description", "mtu", "router:external"}


def project_of(req, body: dict) -> str | None:
    """The project a new object is for: the caller's, or for the
    administrator the one named (project_id, or tenant_id, the same)."""
    ctx = req.context.ctx
    named = {body[k] for k in ("project_id", "tenant_id") if body.get(k)}
    if len(named) > 1:
        raise errors.bad_input("project_id and tenant_id do not match")
    project = named.pop() if named else ctx.project_id
    if project != ctx.project_id and not ctx.is_admin:
        raise errors.typed(exceptions.Forbidden(
            "Only the administrator makes objects for another project."),
            "HTTPForbidden")
    return project


def refuse_unsupported(body: dict) -> None:
    if body.get("admin_state_up") is not None and \
            not base.as_bool(body["admin_state_up"], "admin_state_up"):
        raise errors.bad_input("admin_state_up false is not supported here")
    if body.get("port_security_enabled") is False:
        raise errors.bad_input("port_security_enabled false is not supported here")


def external_of(body: dict) -> bool:
    value = body.get("router:external")
    return value is not None and base.as_bool(value, "router:external")


def mtu_of(body: dict):
    mtu = body.get("mtu")
    if mtu is not None and (isinstance(mtu, bool) or not isinstance(mtu, int)):
        raise errors.bad_input(f"'{mtu}' is not an integer for mtu")
    return mtu


def text(body: dict, key: str, default: str = "") -> str:
    value = body.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, str) or len(value) > 255:
        raise errors.bad_input(f"'{value}' is not a valid string of at most 255 "
                               f"characters for {key}")
    return value


class Networks(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, "get_network")
        resp.media = base.listed(req, "networks", [
            views.network(self.conf, found)
            for found in subnets.all_networks(self.conf, req.context.ctx)])

    def on_post(self, req, resp):
        bodies, bulk = base.bodies_of(req, "network", "networks")
        prepared = [self.prepare(req, body) for body in bodies]
        try:
            # one project's (the usual batch): one transaction; else one by one
            made = subnets.create_networks(self.conf, req.context.ctx,
                                           [args[1:] for args in prepared]) or \
                base.create_all(
                    prepared, lambda args: subnets.create_network(self.conf, *args),
                    lambda draft: subnets.delete_network(None,
                                                         subnets.Found(draft=draft)))
        except exceptions.OverQuota:
            raise errors.over_quota("network")
        resp.status = 201
        shown = [views.network(self.conf, subnets.Found(draft=draft)) for draft in made]
        resp.media = {"networks": shown} if bulk else {"network": shown[0]}

    def prepare(self, req, body: dict) -> tuple:
        """The checked arguments of create_network for one body."""
        base.only(body, CREATE, None)
        project = project_of(req, body)
        self.authorize(req, "create_network", {"project_id": project})
        shared = body.get("shared") is not None and base.as_bool(body["shared"],
                                                                  "shared")
        if shared:
            self.authorize(req, "create_network:shared", {"project_id": project})
        refuse_unsupported(body)
        external = external_of(body)
        if external:
            self.authorize(req, "create_network:router:external",
                           {"project_id": project})
            if shared:
                raise errors.bad_input("an external network is not shared here: "
                                       "every project sees it")
        mtu = mtu_of(body)
        subnets.check_mtu(mtu)
        return (req.context.ctx, text(body, "name"), None if shared else project,
                text(body, "description"), mtu, external)


class Network(base.Resource):
    def found(self, req, network_id, rule):
        found = subnets.find(self.conf, req.context.ctx, network_id)
        view = views.network(self.conf, found)
        self.authorize(req, rule, views.target(req, view))
        return found, view

    def on_get(self, req, resp, network_id):
        _, view = self.found(req, network_id, "get_network")
        resp.media = base.shown(req, "network", view)

    def on_put(self, req, resp, network_id):
        body = base.body_of(req, "network")
        base.only(body, UPDATE, "update")
        found, view = self.found(req, network_id, "get_network")
        self.authorize(req, "update_network", {"project_id": view["project_id"]})
        refuse_unsupported(body)
        values = {key: text(body, key) for key in ("name", "description") if key in body}
        if "mtu" in body:
            values["mtu"] = mtu_of(body)
        if "router:external" in body:
            self.authorize(req, "update_network:router:external",
                           {"project_id": view["project_id"]})
            values["external"] = external_of(body)
        try:
            subnets.update_network(req.context.ctx, found, **values)
        except exceptions.Conflict:
            raise
        except exceptions.BadRequest as error:
            raise errors.bad_input(error.message.rstrip("."))
        found = subnets.find(self.conf, req.context.ctx, network_id)
        resp.media = {"network": views.network(self.conf, found)}

    def on_delete(self, req, resp, network_id):
        found, view = self.found(req, network_id, "get_network")
        self.authorize(req, "delete_network", {"project_id": view["project_id"]})
        subnets.delete_network(req.context.ctx, found)
        resp.status = 204


ROUTES = (
    ("/networks", lambda conf: Networks(conf)),
    ("/networks/{network_id}", lambda conf: Network(conf)),
)
