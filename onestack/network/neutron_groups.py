"""Security groups and rules as the Neutron API takes them: Neutron's checks
and errors over the very groups the compute API shows (network.security_groups
and db.security_groups keep them). Every change refreshes the network hosts,
which filter ingress and egress by the stored rules."""
from __future__ import annotations

import ipaddress

from onestack.common import exceptions
from onestack.db import security_groups as group_db
from onestack.network import protocols
from onestack.network import rpcapi as network_rpcapi
from onestack.network import security_groups as security_group_api

DIRECTIONS = ("ingress", "egress")
ETHERTYPES = ("IPv4", "IPv6")


def _typed(error: exceptions.OnestackError, neutron_type: str):
    error.neutron_type = neutron_type
    return error


def invalid(message: str) -> exceptions.BadRequest:
    return _typed(exceptions.BadRequest(message), "InvalidInput")


def group_not_found(group_id) -> exceptions.NotFound:
    return _typed(exceptions.NotFound(f"Security group {group_id} does not exist"),
                  "SecurityGroupNotFound")


def _conflict(message: str, neutron_type: str) -> exceptions.Conflict:
    return _typed(exceptions.Conflict(message), neutron_type)


def _over_quota(resource: str) -> exceptions.Conflict:
    return _conflict(f"Quota exceeded for resources: ['{resource}'].", "OverQuota")


# --- groups ---------------------------------------------------------------------

def list_groups(ctx) -> list:
    """The caller's groups (an admin's: every project's), its default group
    made on first use as Neutron makes it."""
    security_group_api.ensure_default(ctx)
    return group_db.list_groups(None if ctx.is_admin else ctx.project_id)


def get_group(ctx, group_id: str):
    try:
        return group_db.get_group(str(group_id), ctx)
    except exceptions.NotFound:
        raise group_not_found(group_id)


def _name(value, default: str | None = None) -> str:
    if value is None and default is not None:
        return default
    if not isinstance(value, str) or len(value) > 255:
        raise invalid(f"Invalid input for name. Reason: '{value}' is not a valid "
                       "string of at most 255 characters.")
    if not value.strip():
        raise invalid("Invalid input for name. Reason: a security group needs a "
                       "name here.")
    return value


def _description(value, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, str) or len(value) > 255:
        raise invalid(f"Invalid input for description. Reason: '{value}' is not a "
                       "valid string of at most 255 characters.")
    return value


def _no_second_default(name: str) -> None:
    if name == group_db.DEFAULT:
        raise _conflict("Default security group already exists.",
                        "SecurityGroupDefaultAlreadyExists")


def create_group(conf, ctx, name, description, project_id: str | None = None):
    """A group of the caller's project (or project_id's, for an admin)."""
    project = project_id or ctx.project_id
    name = _name(name)
    _no_second_default(name)
    security_group_api.ensure_default(ctx, project)
    try:
        return group_db.create_group(conf, project, ctx.user_id, name,
                                     _description(description),
                                     security_group_api.new_group_rules())
    except exceptions.OverQuota:
        raise _over_quota("security_group")
    except exceptions.BadRequest as error:   # the name is taken
        raise _conflict(error.message, "SecurityGroupExists")


def update_group(ctx, group, name=None, description=None):
    if group.name == group_db.DEFAULT and name is not None and name != group.name:
        raise _conflict("Updating default security group not allowed.",
                        "SecurityGroupCannotUpdateDefault")
    new_name = _name(name, group.name)
    if new_name != group.name:
        _no_second_default(new_name)
    try:
        return group_db.update_group(group.uuid, new_name,
                                     _description(description, group.description))
    except exceptions.NotFound:
        raise group_not_found(group.uuid)
    except exceptions.BadRequest as error:
        raise _conflict(error.message, "SecurityGroupExists")


def delete_group(ctx, group) -> None:
    """Neutron lets an admin delete a default group; its owner may not."""
    if group.name == group_db.DEFAULT and not ctx.is_admin:
        raise _conflict("Removing default security group not allowed.",
                        "SecurityGroupCannotRemoveDefault")
    try:
        group_db.delete_group(group.uuid)
    except group_db.InUse:
        raise _conflict(f"Security Group {group.uuid} in use.", "SecurityGroupInUse")
    except exceptions.NotFound:
        raise group_not_found(group.uuid)
    network_rpcapi.refresh(ctx)


# --- rules ------------------------------------------------------------------------

def list_rules(ctx) -> tuple[list, dict]:
    """The rules of the caller's groups (an admin's: of every group), and
    the groups by row id (a rule names its group and remote group by it)."""
    groups = list_groups(ctx)
    rules = group_db.rules_of(group.id for group in groups)
    return [rule for group in groups for rule in rules[group.id]], \
        {group.id: group for group in groups}


def _rule_not_found(rule_id) -> exceptions.NotFound:
    return _typed(exceptions.NotFound(f"Security group rule {rule_id} does not exist"),
                  "SecurityGroupRuleNotFound")


def get_rule(ctx, rule_id: str):
    try:
        return group_db.get_rule(str(rule_id), ctx)
    except exceptions.NotFound:
        raise _rule_not_found(rule_id)


def delete_rule(ctx, rule) -> None:
    try:
        group_db.delete_rule(rule.uuid)
    except exceptions.NotFound:
        raise _rule_not_found(rule.uuid)
    network_rpcapi.refresh(ctx)


def _choice(body: dict, name: str, choices, default=None) -> str:
    value = body.get(name, default)
    if value not in choices:
        raise invalid(f"Invalid input for {name}. Reason: {value!r} is not in "
                       f"{list(choices)}.")
    return value


def _port(value, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or \
            not 0 <= value <= 65535:
        raise _typed(exceptions.BadRequest(f"Invalid value for port {value}."),
                     "SecurityGroupInvalidPortValue")
    return value


def _protocol(value, ethertype: str) -> str | None:
    try:
        protocol = protocols.normalized(value)
    except ValueError:
        raise _typed(exceptions.BadRequest(
            f"Security group rule protocol {value} not supported. Only protocol "
            f"values {protocols.supported()} and integer representations [0 to 255] "
            "are supported."), "SecurityGroupRuleInvalidProtocol")
    if protocol in protocols.ICMPV6 and ethertype == "IPv4":
        raise _typed(exceptions.BadRequest(
            f"Invalid ethertype {ethertype} for protocol {protocol}."),
            "SecurityGroupEthertypeConflictWithProtocol")
    return protocol


def _check_ports(protocol: str | None, low: int | None, high: int | None) -> None:
    if low is None and high is None:
        return
    kind = protocols.WITH_PORTS.get(protocol) if protocol else None
    if protocol is None:
        raise _typed(exceptions.BadRequest("Must also specify protocol if port "
                                           "range is given."),
                     "SecurityGroupProtocolRequiredWithPorts")
    if kind == "ports":
        if low == 0 or high == 0:
            raise _typed(exceptions.BadRequest("Invalid value for port 0."),
                         "SecurityGroupInvalidPortValue")
        if low is None or high is None or low > high:
            raise _typed(exceptions.BadRequest(
                "For TCP/UDP protocols, port_range_min must be <= port_range_max"),
                "SecurityGroupInvalidPortRange")
    elif kind == "icmp":
        for value, field in ((low, "type"), (high, "code")):
            if value is not None and not 0 <= value <= 255:
                raise _typed(exceptions.BadRequest(
                    f"Invalid value for ICMP {field} (port_range_"
                    f"{'min' if field == 'type' else 'max'}) {value}. It must be 0 "
                    "to 255."), "SecurityGroupInvalidIcmpValue")
        if low is None:
            raise _typed(exceptions.BadRequest(
                f"ICMP code (port-range-max) {high} is provided but ICMP type "
                "(port-range-min) is missing."), "SecurityGroupMissingIcmpType")
    else:
        raise _typed(exceptions.BadRequest(
            f"Invalid protocol {protocol} for port range, only supported for "
            "TCP, UDP, ICMP and ICMPv6 protocols."),
            "SecurityGroupInvalidProtocolForPort")


def _prefix(value, ethertype: str) -> str | None:
    if value is None:
        return None
    try:
        if not isinstance(value, str) or "/" not in value:
            network = ipaddress.ip_network(str(value))
        else:
            network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise invalid(f"Invalid input for remote_ip_prefix. Reason: '{value}' is "
                       "not a valid IP subnet.")
    if f"IPv{network.version}" != ethertype:
        raise _typed(exceptions.BadRequest(
            f"Conflicting value ethertype {ethertype} for CIDR {value}"),
            "SecurityGroupRuleParameterConflict")
    return str(network)


def rule_values(ctx, body: dict) -> tuple[object, dict]:
    """The group and the stored values of a rule POST /v2.0/security-group-
    rules asks for, checked as Neutron checks them."""
    group = get_group(ctx, body.get("security_group_id"))
    direction = _choice(body, "direction", DIRECTIONS)
    ethertype = _choice(body, "ethertype", ETHERTYPES, "IPv4")
    protocol = _protocol(body.get("protocol"), ethertype)
    low = _port(body.get("port_range_min"), "port_range_min")
    high = _port(body.get("port_range_max"), "port_range_max")
    _check_ports(protocol, low, high)
    if body.get("remote_ip_prefix") is not None and \
            body.get("remote_group_id") is not None:
        raise _typed(exceptions.BadRequest("Only remote_ip_prefix or remote_group_id "
                                           "may be provided."),
                     "SecurityGroupRemoteGroupAndRemoteIpPrefix")
    remote_group = None
    if body.get("remote_group_id") is not None:
        remote_group = get_group(ctx, body["remote_group_id"])
    return group, {
        "direction": direction, "ethertype": ethertype, "protocol": protocol,
        "port_range_min": low, "port_range_max": high,
        "remote_ip_prefix": _prefix(body.get("remote_ip_prefix"), ethertype),
        "remote_group_id": remote_group.id if remote_group else None,
        "description": _description(body.get("description"))}


def create_rule(conf, ctx, body: dict):
    group, values = rule_values(ctx, body)
    try:
        rule = group_db.create_rule(conf, group.id, values)
    except group_db.RuleExists as error:
        raise _conflict(f"Security group rule already exists. Rule id is "
                        f"{error.rule_uuid}.", "SecurityGroupRuleExists")
    except exceptions.OverQuota:
        raise _over_quota("security_group_rule")
    except exceptions.NotFound:
        raise group_not_found(group.uuid)
    network_rpcapi.refresh(ctx)
    return rule
