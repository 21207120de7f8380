"""/v2.0/ports: servers' fixed IPs, ports made here (an address reserved for
a later `server create --nic port-id=`), and routers' interfaces."""
from __future__ import annotations

from onestack.api.neutron import base, errors, views
from onestack.api.neutron.networks import project_of, text
from onestack.api.openstack import timestamps
from onestack.common import exceptions
from onestack.network import ports, subnets

CREATE = {"network_id", "name", "fixed_ips", "security_groups", "admin_state_up",
          "description", "project_id", "tenant_id", "device_id", "device_owner"}
UPDATE = {"name", "security_groups", "admin_state_up", "description"}


def view(port, groups: dict) -> dict:
    common = {"allowed_address_pairs": [], "extra_dhcp_opts": [],
              "port_security_enabled": True, "binding:vnic_type": "normal",
              "ip_allocation": "immediate"}
    if isinstance(port, ports.RouterPort):
        return {"id": port.id, "name": "", "network_id": port.network_uuid,
                **views.owned(port.project_id), "mac_address": port.mac_address,
                "admin_state_up": True, "status": "ACTIVE", "device_id": port.router_id,
                "device_owner": ports.ROUTER_OWNER, "security_groups": [],
                "fixed_ips": [{"subnet_id": port.subnet_uuid,
                               "ip_address": port.address}],
                "description": "", **common,
                "created_at": timestamps.seconds_z(port.created_at),
                "updated_at": timestamps.seconds_z(port.created_at)}
    row = port.row
    bound = row.instance_uuid is not None
    return {"id": row.uuid, "name": row.name, "network_id": port.network_uuid,
            **views.owned(row.project_id), "mac_address": row.mac_address,
            "admin_state_up": row.admin_state_up,
            "status": "ACTIVE" if bound else "DOWN",
            "device_id": row.instance_uuid or "",
            "device_owner": "compute:nova" if bound else "",
            "fixed_ips": [{"subnet_id": port.subnet_uuid, "ip_address": row.address}],
            "security_groups": [group.uuid for group in groups.get(row.uuid, [])],
            "description": row.description, **common, **views.stamps(row)}


def fixed_ips_match(view_: dict, values: list[str]) -> bool:
    """The fixed_ips filter: ip_address=..., subnet_id=..., (ip_address_substr)."""
    for value in values:
        key, _, wanted = value.partition("=")
        if key not in ("ip_address", "subnet_id", "ip_address_substr"):
            raise errors.bad_input(f"Invalid fixed_ips filter {value!r}")
        for fixed in view_["fixed_ips"]:
            if key == "ip_address_substr" and wanted in fixed["ip_address"]:
                return True
            if fixed.get(key) == wanted:
                return True
    return False


def _groups(body: dict):
    value = body.get("security_groups")
    if value is not None and (not isinstance(value, list) or
                              not all(isinstance(g, str) for g in value)):
        raise errors.bad_input(f"'{value}' is not a list of security group ids")
    return value


def _address(body: dict, network) -> str | None:
    fixed = body.get("fixed_ips")
    if fixed is None:
        return None
    if not isinstance(fixed, list) or len(fixed) > 1 or \
            not all(isinstance(f, dict) for f in fixed):
        raise errors.bad_input("fixed_ips: a port here has one IPv4 address")
    if not fixed:
        raise errors.bad_input("a port here has one address: fixed_ips may not be empty")
    if fixed[0].get("subnet_id") not in (None, network.subnet_uuid):
        raise errors.bad_input(f"subnet {fixed[0]['subnet_id']} is not a subnet of "
                               f"network {network.uuid}")
    return fixed[0].get("ip_address")


class Ports(base.Resource):
    def on_get(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, "get_port")
        found = ports.list_ports(ctx, req.get_param("device_id"))
        groups = ports.groups_of(found)
        resp.media = base.listed(req, "ports", [view(port, groups) for port in found],
                                 {"fixed_ips": fixed_ips_match})

    def on_post(self, req, resp):
        ctx = req.context.ctx
        body = base.body_of(req, "port")
        base.only(body, CREATE, None)
        if not isinstance(body.get("network_id"), str):
            raise errors.bad_input("network_id is required")
        if body.get("device_id") or body.get("device_owner"):
            raise errors.bad_input("a port is given to a server by the server's boot "
                                   "(--nic port-id=), not by device_id")
        project = project_of(req, body)
        self.authorize(req, "create_port", {"project_id": project})
        found = subnets.find(self.conf, ctx, body["network_id"])
        if found.external is not None:
            raise errors.typed(exceptions.Forbidden(
                "Ports on a floating IP pool's network are floating IPs here."),
                "HTTPForbidden")
        if found.network is None:
            raise errors.bad_input(f"network {body['network_id']} has no subnet yet")
        try:
            port = ports.create_port(
                self.conf, ctx, found.network, _address(body, found.network),
                text(body, "name"), _groups(body), text(body, "description"),
                base.as_bool(body.get("admin_state_up", True), "admin_state_up"))
        except exceptions.NotFound as error:
            raise errors.renamed(error, "SecurityGroup")
        except exceptions.Conflict as error:
            raise errors.typed(error, "IpAddressAlreadyAllocated"
                               if "in use" in error.message
                               else "IpAddressGenerationFailure")
        resp.status = 201
        resp.media = {"port": view(port, ports.groups_of([port]))}


class Port(base.Resource):
    def found(self, req, port_id, rule):
        port = ports.get_port(req.context.ctx, port_id)
        shown = view(port, ports.groups_of([port]))
        self.authorize(req, rule, views.target(req, shown))
        return port, shown

    def on_get(self, req, resp, port_id):
        _, shown = self.found(req, port_id, "get_port")
        resp.media = base.shown(req, "port", shown)

    def on_put(self, req, resp, port_id):
        body = base.body_of(req, "port")
        base.only(body, UPDATE, "update")
        port, shown = self.found(req, port_id, "get_port")
        self.authorize(req, "update_port", {"project_id": shown["project_id"]})
        values = {key: text(body, key) for key in ("name", "description")
                  if key in body}
        if "admin_state_up" in body:
            values["admin_state_up"] = base.as_bool(body["admin_state_up"],
                                                    "admin_state_up")
        try:
            port = ports.update_port(req.context.ctx, port, _groups(body), **values)
        except exceptions.NotFound as error:
            raise errors.renamed(error, "SecurityGroup")
        resp.media = {"port": view(port, ports.groups_of([port]))}

    def on_delete(self, req, resp, port_id):
        port, shown = self.found(req, port_id, "get_port")
        self.authorize(req, "delete_port", {"project_id": shown["project_id"]})
        ports.delete_port(req.context.ctx, port)
        resp.status = 204


ROUTES = (
    ("/ports", lambda conf: Ports(conf)),
    ("/ports/{port_id}", lambda conf: Port(conf)),
)

