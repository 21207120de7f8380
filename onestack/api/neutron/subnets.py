"""/v2.0/subnets: the one IPv4 subnet of each network (its CIDR, gateway
and DNS servers), and each floating IP pool's range."""
from __future__ import annotations

from onestack.api.neutron import base, errors, views
from onestack.api.neutron.networks import project_of, text
from onestack.common import exceptions
from onestack.network import subnet_values, subnets

CREATE = {"network_id", "cidr", "ip_version", "gateway_ip", "allocation_pools",
          "dns_nameservers", "enable_dhcp", "name", "description", "host_routes",
          "project_id", "tenant_id", "ipv6_address_mode", "ipv6_ra_mode"}
UPDATE = {"name", "dns_nameservers", "description", "gateway_ip", "host_routes",
          "enable_dhcp"}


def _list(body: dict, key: str) -> list | None:
    value = body.get(key)
    if value is not None and not isinstance(value, list):
        raise errors.bad_input(f"'{value}' is not a list for {key}")
    return value


def refuse_unsupported(body: dict) -> None:
    version = body.get("ip_version", 4)
    if version not in (4, "4"):
        raise errors.bad_input(f"ip_version {version}: this cloud's subnets are "
                               "IPv4 only")
    for key in ("ipv6_address_mode", "ipv6_ra_mode"):
        if body.get(key) is not None:
            raise errors.bad_input(f"{key}: this cloud's subnets are IPv4 only")
    if body.get("description"):
        raise errors.bad_input("description of a subnet is not supported here")
    if not isinstance(body.get("cidr"), str):
        raise errors.bad_input("cidr is required: this cloud has no subnet pools")


def _renamed(error: exceptions.BadRequest) -> exceptions.BadRequest:
    return errors.typed(exceptions.BadRequest(
        f"Invalid input for operation: {error.message}"),
        getattr(error, "neutron_type", None) or "InvalidInput")


class Subnets(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, "get_subnet")
        resp.media = base.listed(req, "subnets", [
            views.subnet(found)
            for found in subnets.visible_subnets(self.conf, req.context.ctx)])

    def on_post(self, req, resp):
        ctx = req.context.ctx
        bodies, bulk = base.bodies_of(req, "subnet", "subnets")
        prepared = [self.prepare(req, body) for body in bodies]
        names = [args[0].draft.uuid for args in prepared]
        if len(set(names)) < len(names):
            raise errors.bad_input("a network here has exactly one IPv4 subnet: "
                                   "one subnet per network in a bulk create")
        try:
            made = base.create_all(
                prepared, lambda args: subnets.create_subnet(self.conf, ctx, *args),
                lambda found: subnets.delete_subnet(ctx, found))
        except exceptions.OverQuota:
            raise errors.over_quota("subnet")
        except exceptions.Conflict:
            raise
        except exceptions.BadRequest as error:
            raise _renamed(error)
        resp.status = 201
        shown = [views.subnet(found) for found in made]
        resp.media = {"subnets": shown} if bulk else {"subnet": shown[0]}

    def prepare(self, req, body: dict) -> tuple:
        """The checked arguments of create_subnet for one body: every input
        check that needs no write (plan_subnet) is made here."""
        base.only(body, CREATE, None)
        if not isinstance(body.get("network_id"), str):
            raise errors.bad_input("network_id is required")
        project_of(req, body)
        found = subnets.find(self.conf, req.context.ctx, body["network_id"])
        owner = (found.network or found.draft).project_id if found.external is None \
            else None
        self.authorize(req, "create_subnet", {"project_id": owner})
        if found.draft is not None and found.draft.external:
            # its subnet makes a floating IP pool: the administrator's
            self.authorize(req, "create_network:router:external", {"project_id": owner})
        refuse_unsupported(body)
        args = (found, body["cidr"], body.get("gateway_ip", subnet_values.UNSET),
                _list(body, "dns_nameservers"),
                base.as_bool(body.get("enable_dhcp", True), "enable_dhcp"),
                _list(body, "allocation_pools"), text(body, "name"),
                _list(body, "host_routes"))
        try:
            subnets.plan_subnet(self.conf, *args)
        except exceptions.Conflict:
            raise
        except exceptions.BadRequest as error:
            raise _renamed(error)
        return args


class Subnet(base.Resource):
    def found(self, req, subnet_id, rule):
        found = subnets.find_subnet(self.conf, req.context.ctx, subnet_id)
        view = views.subnet(found)
        self.authorize(req, rule, views.target(req, view))
        return found, view

    def on_get(self, req, resp, subnet_id):
        _, view = self.found(req, subnet_id, "get_subnet")
        resp.media = base.shown(req, "subnet", view)

    def on_put(self, req, resp, subnet_id):
        body = base.body_of(req, "subnet")
        base.only(body, UPDATE, "update")
        found, view = self.found(req, subnet_id, "get_subnet")
        self.authorize(req, "update_subnet", {"project_id": view["project_id"]})
        if body.get("description"):
            raise errors.bad_input("description of a subnet is not supported here")
        try:
            network = subnets.update_subnet(
                self.conf, req.context.ctx, found,
                text(body, "name") if "name" in body else None,
                _list(body, "dns_nameservers"),
                body["gateway_ip"] if "gateway_ip" in body else subnet_values.UNSET,
                _list(body, "host_routes"),
                base.as_bool(body["enable_dhcp"], "enable_dhcp")
                if body.get("enable_dhcp") is not None else None)
        except exceptions.Conflict:
            raise
        except exceptions.BadRequest as error:
            raise _renamed(error)
        resp.media = {"subnet": views.subnet(subnets.Found(network=network))}

    def on_delete(self, req, resp, subnet_id):
        found, view = self.found(req, subnet_id, "get_subnet")
        self.authorize(req, "delete_subnet", {"project_id": view["project_id"]})
        subnets.delete_subnet(req.context.ctx, found)
        resp.status = 204


ROUTES = (
    ("/subnets", lambda conf: Subnets(conf)),
    ("/subnets/{subnet_id}", lambda conf: Subnet(conf)),
)
