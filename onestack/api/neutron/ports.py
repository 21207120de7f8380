"""/v2.0/ports: servers' fixed IPs, ports made here (an address reserved for
a later `server create --nic port-id=`; none on a network that had no
subnet yet, as Neutron's), routers' interfaces and gateways."""
from __future__ import annotations

import json
import re

from onestack.api.neutron import base, errors, views
from onestack.api.neutron.networks import project_of, text
from onestack.api.openstack import timestamps
from onestack.common import exceptions
from onestack.network import ports, subnets

CREATE = {"network_id", "name", "fixed_ips", "security_groups", "admin_state_up",
          "description", "project_id", "tenant_id", "device_id", "device_owner",
          "binding:host_id", "binding:vnic_type", "binding:profile", "mac_address"}
UPDATE = {"name", "security_groups", "admin_state_up", "description", "fixed_ips",
          "binding:host_id", "binding:vnic_type", "binding:profile"}
VNIC_TYPES = ("normal",)
BRIDGE_DETAILS = {"port_filter": True, "connectivity": "l2"}


def _binding(host: str | None, vnic_type: str = "normal", profile=None) -> dict:
    """binding:* of a port: bound (vif_type bridge: a tap on the network's
    Linux bridge) once it has a host."""
    return {"binding:host_id": host or "", "binding:vnic_type": vnic_type,
            "binding:profile": json.loads(profile) if profile else {},
            "binding:vif_type": "bridge" if host else "unbound",
            "binding:vif_details": dict(BRIDGE_DETAILS) if host else {}}


def view(port, groups: dict) -> dict:
    common = {"allowed_address_pairs": [], "extra_dhcp_opts": [],
              "port_security_enabled": True, "ip_allocation": "immediate"}
    if isinstance(port, ports.RouterPort):
        return {"id": port.id, "name": "", "network_id": port.network_uuid,
                **views.owned(port.project_id), "mac_address": port.mac_address,
                "admin_state_up": True, "status": "ACTIVE", "device_id": port.router_id,
                "device_owner": port.owner, "security_groups": [],
                "fixed_ips": [{"subnet_id": port.subnet_uuid,
                               "ip_address": port.address}],
                "description": "", **common, **_binding(None),
                "created_at": timestamps.seconds_z(port.created_at),
                "updated_at": timestamps.seconds_z(port.created_at)}
    row = port.row
    bound = row.instance_uuid is not None
    fixed = [] if row.address is None else [{"subnet_id": port.subnet_uuid,
                                              "ip_address": row.address}]
    return {"id": row.uuid, "name": row.name, "network_id": port.network_uuid,
            **views.owned(row.project_id), "mac_address": row.mac_address,
            "admin_state_up": row.admin_state_up,
            "status": "ACTIVE" if bound else "DOWN",
            "device_id": row.instance_uuid or "",
            "device_owner": "compute:nova" if bound else "",
            "fixed_ips": fixed,
            "security_groups": [group.uuid for group in groups.get(row.uuid, [])],
            "description": row.description, **common,
            **_binding(port.host if bound else row.binding_host_id,
                       row.binding_vnic_type, row.binding_profile),
            **views.stamps(row)}


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
    if network is None:
        raise errors.bad_input(f"network {body['network_id']} has no subnet: a port "
                               "made on it has no address")
    if fixed[0].get("subnet_id") not in (None, network.subnet_uuid):
        raise errors.bad_input(f"subnet {fixed[0]['subnet_id']} is not a subnet of "
                               f"network {network.uuid}")
    return fixed[0].get("ip_address")


MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")


def _mac(body: dict) -> dict:
    """mac_address asked for: a unicast MAC (Neutron refuses others)."""
    if body.get("mac_address") is None:
        return {}
    mac = body["mac_address"]
    if not isinstance(mac, str) or not MAC.match(mac.lower()) or \
            int(mac[:2], 16) & 1 or mac.lower() == "00:00:00:00:00:00":
        raise errors.bad_input(f"'{mac}' is not a valid MAC address")
    return {"mac_address": mac.lower()}


def _binding_values(body: dict) -> dict:
    """The binding:* a body sets, as the port row's columns."""
    values = {}
    if "binding:host_id" in body:
        values["binding_host_id"] = text(body, "binding:host_id") or None
    if "binding:vnic_type" in body:
        if body["binding:vnic_type"] not in VNIC_TYPES:
            raise errors.bad_input(f"binding:vnic_type {body['binding:vnic_type']!r}: "
                                   f"only {', '.join(VNIC_TYPES)} here")
        values["binding_vnic_type"] = body["binding:vnic_type"]
    if "binding:profile" in body:
        profile = body["binding:profile"]
        if profile is not None and not isinstance(profile, dict):
            raise errors.bad_input("binding:profile must be a dictionary")
        encoded = json.dumps(profile) if profile else None
        if encoded is not None and len(encoded) > 4096:
            raise errors.bad_input("binding:profile is too large")
        values["binding_profile"] = encoded
    return values


class Ports(base.Resource):
    def on_get(self, req, resp):
        ctx = req.context.ctx
        self.authorize(req, "get_port")
        found = ports.list_ports(ctx, req.get_param("device_id"), self.conf)
        groups = ports.groups_of(found)
        hide = hidden(self, req)
        resp.media = base.listed(req, "ports", [
            shown_to(view(port, groups), hide) for port in found],
            {"fixed_ips": fixed_ips_match})

    def on_post(self, req, resp):
        ctx = req.context.ctx
        bodies, bulk = base.bodies_of(req, "port", "ports")
        prepared = [self.prepare(req, body) for body in bodies]
        for project in {kwargs["project_id"] for _, kwargs in prepared}:
            try:
                ports.check_quota(self.conf, project, sum(
                    1 for _, kwargs in prepared if kwargs["project_id"] == project))
            except exceptions.OverQuota:
                raise errors.over_quota("port")
        try:
            made = base.create_all(
                prepared, lambda item: ports.create_port(self.conf, ctx, *item[0],
                                                         **item[1]),
                lambda port: ports.delete_port(ctx, port))
        except exceptions.NotFound as error:
            raise errors.renamed(error, "SecurityGroup")
        except (exceptions.Conflict, ports.NoMoreAddresses) as error:
            if getattr(error, "neutron_type", None):
                raise
            raise errors.typed(error, "IpAddressAlreadyAllocated"
                               if "in use" in error.message
                               else "IpAddressGenerationFailure")
        resp.status = 201
        hide = hidden(self, req)
        shown = [shown_to(view(port, ports.groups_of([port])), hide) for port in made]
        resp.media = {"ports": shown} if bulk else {"port": shown[0]}

    def prepare(self, req, body: dict) -> tuple[tuple, dict]:
        """The checked arguments of create_port for one body."""
        ctx = req.context.ctx
        base.only(body, CREATE, None)
        if not isinstance(body.get("network_id"), str):
            raise errors.bad_input("network_id is required")
        if body.get("device_id") or body.get("device_owner"):
            raise errors.bad_input("a port is given to a server by the server's boot "
                                   "(--nic port-id=), not by device_id")
        project = project_of(req, body)
        self.authorize(req, "create_port", {"project_id": project})
        binding = _binding_values(body)
        for attribute in BINDING_SETTABLE:
            if attribute in body:
                self.authorize(req, f"create_port:{attribute}", {"project_id": project})
        found = subnets.find(self.conf, ctx, body["network_id"])
        if found.external is not None:
            ports.refuse_pool_address(found.external, body.get("fixed_ips"))
            raise errors.typed(exceptions.Forbidden(
                "Ports on a floating IP pool's network are floating IPs here."),
                "HTTPForbidden")
        return ((found.network, _address(body, found.network), text(body, "name"),
                 _groups(body), text(body, "description"),
                 base.as_bool(body.get("admin_state_up", True), "admin_state_up")),
                {"project_id": project, "draft": found.draft, **binding,
                 **_mac(body)})


BINDING_SETTABLE = ("binding:host_id", "binding:vnic_type", "binding:profile")
BINDING_SHOWN = ("binding:host_id", "binding:vif_type", "binding:vif_details",
                 "binding:vnic_type", "binding:profile")


def hidden(resource, req) -> set[str]:
    """The attributes the caller may not see (binding:*, the administrator's)."""
    return {attribute for attribute in BINDING_SHOWN
            if not resource.allows(req, f"get_port:{attribute}")}


def shown_to(port_view: dict, hide: set[str]) -> dict:
    return {key: value for key, value in port_view.items() if key not in hide}


class Port(base.Resource):
    def found(self, req, port_id, rule):
        port = ports.get_port(req.context.ctx, port_id, self.conf)
        shown = view(port, ports.groups_of([port]))
        self.authorize(req, rule, views.target(req, shown))
        return port, shown

    def on_get(self, req, resp, port_id):
        _, shown = self.found(req, port_id, "get_port")
        resp.media = base.shown(req, "port", shown_to(shown, hidden(self, req)))

    def on_put(self, req, resp, port_id):
        body = base.body_of(req, "port")
        base.only(body, UPDATE, "update")
        port, shown = self.found(req, port_id, "get_port")
        self.authorize(req, "update_port", {"project_id": shown["project_id"]})
        for attribute in BINDING_SETTABLE:
            if attribute in body:
                self.authorize(req, f"update_port:{attribute}",
                               {"project_id": shown["project_id"]})
        values = {key: text(body, key) for key in ("name", "description")
                  if key in body}
        values.update(_binding_values(body))
        if "admin_state_up" in body:
            values["admin_state_up"] = base.as_bool(body["admin_state_up"],
                                                    "admin_state_up")
        if "fixed_ips" in body:
            _same_fixed_ips(body["fixed_ips"], shown)
        try:
            port = ports.update_port(req.context.ctx, port, _groups(body), **values)
        except exceptions.NotFound as error:
            raise errors.renamed(error, "SecurityGroup")
        resp.media = {"port": shown_to(view(port, ports.groups_of([port])),
                                       hidden(self, req))}

    def on_delete(self, req, resp, port_id):
        port, shown = self.found(req, port_id, "get_port")
        self.authorize(req, "delete_port", {"project_id": shown["project_id"]})
        ports.delete_port(req.context.ctx, port)
        resp.status = 204


def _same_fixed_ips(wanted, shown: dict) -> None:
    """fixed_ips in an update: a port here keeps its one address, so only
    the ones it has (by subnet, or subnet and address) are accepted."""
    if not isinstance(wanted, list) or not all(isinstance(f, dict) for f in wanted):
        raise errors.bad_input("fixed_ips must be a list of {subnet_id, ip_address}")
    held = shown["fixed_ips"]
    if len(wanted) != len(held) or any(
            set(asked) - {"subnet_id", "ip_address"} or
            any(asked[key] != have[key] for key in asked)
            for asked, have in zip(wanted, held)):
        raise errors.bad_input("a port here keeps the address it was made with: "
                               "fixed_ips may only name the ones it has")


ROUTES = (
    ("/ports", lambda conf: Ports(conf)),
    ("/ports/{port_id}", lambda conf: Port(conf)),
)

