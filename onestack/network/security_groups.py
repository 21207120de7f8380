"""Security groups for the APIs and the other services: groups and their
rules, checked as Nova checks them, the groups servers are in, and a refresh
of the network hosts after every change that alters what they filter.

A rule is stored in the Neutron form the model has: a direction, an
ethertype, a protocol (None: any), a port range (for ICMP the type and the
code; None: any) and a remote CIDR or group. The compute API's rules are
ingress rules; its -1 for "any ICMP type or code" is stored as None. Groups
start with Neutron's rules (default_rules, new_group_rules): egress is
filtered as ingress is, so a group lets traffic out only by its rules.
"""
from __future__ import annotations

import ipaddress
import re
import urllib.parse

from onestack.common import exceptions
from onestack.compute import instance_changes
from onestack.db import security_groups as group_db
from onestack.network import rpcapi as network_rpcapi

PROTOCOLS = ("tcp", "udp", "icmp")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")
_NOT_ENOUGH = "Not enough parameters to build a valid rule."


ETHERTYPES = ("IPv4", "IPv6")


def _open(direction: str, ethertype: str, remote_group_id=None) -> dict:
    return {"direction": direction, "ethertype": ethertype, "protocol": None,
            "port_range_min": None, "port_range_max": None,
            "remote_ip_prefix": None, "remote_group_id": remote_group_id}


def new_group_rules() -> list[dict]:
    """What every new group starts with, as in Neutron: any traffic out, for
    IPv4 and IPv6. (Nova's API shows ingress rules only, so its view of a
    new group is still empty.)"""
    return [_open("egress", ethertype) for ethertype in ETHERTYPES]


def default_rules() -> list[dict]:
    """What a project's `default` group allows, as in Neutron: any traffic
    from its own members (nova-network's one rule) and any traffic out."""
    return [_open("ingress", ethertype, group_db.SELF) for ethertype in ETHERTYPES] \
        + new_group_rules()


def ensure_default(ctx, project_id: str | None = None):
    """The project's (by default the caller's) `default` group, made on first use."""
    return group_db.ensure_default(project_id or ctx.project_id, ctx.user_id,
                                   default_rules())


# --- ids and names -------------------------------------------------------------

def checked_id(value) -> str:
    """A group id as a request gives it: a UUID, or a number (the ids of
    nova-network, which name no group here); BadRequest for anything else."""
    text = str(value)
    if not (_UUID.match(text) or text.isdigit()):
        raise exceptions.BadRequest("Security group id should be uuid")
    return text


def checked_property(value: str, name: str) -> str:
    """A group's name (which must not be blank) or description, kept as
    given: Nova keeps leading and trailing spaces."""
    if name == "name" and not value.strip():
        raise exceptions.BadRequest("Security group name cannot be empty.")
    if len(value) > 255:
        raise exceptions.BadRequest(f"Security group {name} should not be greater "
                                    "than 255 characters.")
    return value


# --- groups ----------------------------------------------------------------------

def list_groups(ctx, all_projects: bool = False, limit: int | None = None,
                offset: int = 0) -> list:
    ensure_default(ctx)
    return group_db.list_groups(None if all_projects else ctx.project_id,
                                limit, offset)


def get_group(ctx, group_id: str):
    """The group in the caller's scope; any other id, a name among them, is
    404, so that clients fall back to finding the group by name."""
    return group_db.get_group(str(group_id), ctx)


def create_group(conf, ctx, name: str, description: str):
    ensure_default(ctx)
    return group_db.create_group(conf, ctx.project_id, ctx.user_id,
                                 checked_property(name, "name"),
                                 checked_property(description, "description"),
                                 new_group_rules())


def update_group(ctx, group, name: str, description: str):
    if group.name == group_db.DEFAULT:
        raise exceptions.BadRequest(f"Unable to update system group "
                                    f"'{group_db.DEFAULT}'")
    return group_db.update_group(group.uuid, checked_property(name, "name"),
                                 checked_property(description, "description"))


def delete_group(ctx, group) -> None:
    if group.name == group_db.DEFAULT:
        raise exceptions.BadRequest(f"Unable to delete system group "
                                    f"'{group_db.DEFAULT}'")
    group_db.delete_group(group.uuid)
    network_rpcapi.refresh(ctx)


def scrub_project(project_id: str) -> tuple[list[str], list[str]]:
    """`project scrub`: delete the project's groups, its default group among
    them, as nova-manage's scrub did; (names deleted, names kept because a
    live server still uses them)."""
    deleted, in_use = [], []
    for group in group_db.list_groups(project_id):
        try:
            group_db.delete_group(group.uuid)
            deleted.append(group.name)
        except exceptions.BadRequest:
            in_use.append(group.name)
        except exceptions.NotFound:
            pass  # deleted meanwhile
    return deleted, in_use


# --- rules ------------------------------------------------------------------------

def _port(value, protocol: str | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value)
    if protocol == "icmp":
        raise exceptions.BadRequest("Invalid input received: Type and Code must be "
                                    "integers for ICMP protocol type")
    raise exceptions.BadRequest("Invalid input received: To and From ports must be "
                                "integers")


def _protocol(value) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool) or \
            str(value).lower() not in PROTOCOLS:
        raise exceptions.BadRequest(f"Invalid IP protocol {value}.")
    return str(value).lower()


def _check_range(protocol: str, low: int, high: int) -> None:
    def invalid(why: str) -> exceptions.BadRequest:
        return exceptions.BadRequest(f"Invalid port range {low}:{high}. {why}")
    if protocol in ("tcp", "udp"):
        if low > high:
            raise invalid("Former value cannot be greater than the later")
        if low < 1 or high > 65535:
            raise invalid(f"Valid {protocol.upper()} ports should be between 1-65535")
    elif not (-1 <= low <= 255 and -1 <= high <= 255):
        raise invalid("For ICMP, the type:code must be valid")
    elif low == -1 and high != -1:
        raise invalid("For ICMP, a code needs a type")


def parse_cidr(value) -> tuple[str, int]:
    """A rule's CIDR as Nova takes it (URL-quoted or not, with a prefix
    length; kept as given, host bits and all: iptables ignores them) and its
    IP version; 0.0.0.0/0 when none is given."""
    if value is None or value == "":
        return "0.0.0.0/0", 4
    text = urllib.parse.unquote(value) if isinstance(value, str) else ""
    address, slash, length = text.partition("/")
    try:
        if not slash or not length.isdigit():
            raise ValueError(text)
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise exceptions.BadRequest(f"Invalid cidr {value}.")
    if network.prefixlen == 0 and ipaddress.ip_address(address) != \
            network.network_address:
        raise exceptions.BadRequest(f"Bad prefix for network in cidr {value}")
    return text, network.version


def rule_values(ip_protocol=None, from_port=None, to_port=None, cidr=None,
                from_group: bool = False) -> dict:
    """The stored values of an ingress rule the compute API asks for (from
    a CIDR, or with from_group from a source group, whose id the caller
    adds), checked as Nova checks them; BadRequest with Nova's message."""
    protocol = _protocol(ip_protocol)
    low, high = _port(from_port, protocol), _port(to_port, protocol)
    if from_group and protocol and low is None and high is None:
        low, high = (-1, -1) if protocol == "icmp" else (1, 65535)
    if protocol is None:
        # only a source group may let every protocol in, and then no ports
        if not from_group or low is not None or high is not None:
            raise exceptions.BadRequest(_NOT_ENOUGH)
    elif low is None or high is None:
        raise exceptions.BadRequest(_NOT_ENOUGH)
    else:
        _check_range(protocol, low, high)
    cidr, version = (None, 4) if from_group else parse_cidr(cidr)
    if protocol == "icmp":
        low, high = (None if low == -1 else low), (None if high == -1 else high)
    return {"direction": "ingress",
            "ethertype": f"IPv{version}",
            "protocol": protocol, "port_range_min": low, "port_range_max": high,
            "remote_ip_prefix": cidr,
            "remote_group_id": None}


def create_rule(conf, ctx, body: dict):
    """A compute API rule (parent_group_id, ip_protocol, from_port, to_port,
    and cidr or group_id) in a group of the caller's scope. The source group
    must be of the parent's project; another project's is not found."""
    parent = get_group(ctx, checked_id(body["parent_group_id"]))
    source_id = body.get("group_id")
    source = None
    if source_id is not None:
        source = group_db.get_group(checked_id(source_id), ctx)
        if source.project_id != parent.project_id:
            raise exceptions.BadRequest(f"Security group {source.uuid} is not of "
                                        f"project {parent.project_id}, as group "
                                        f"{parent.uuid} is.")
    values = rule_values(body.get("ip_protocol"), body.get("from_port"),
                         body.get("to_port"), body.get("cidr"),
                         from_group=source is not None)
    if source is not None:
        values["remote_group_id"] = source.id
    rule = group_db.create_rule(conf, parent.id, values)
    network_rpcapi.refresh(ctx)
    return rule, parent, source


def delete_rule(ctx, rule_id: str) -> None:
    rule = group_db.get_rule(str(rule_id), ctx)
    group_db.delete_rule(rule.uuid)
    network_rpcapi.refresh(ctx)


# --- the groups of servers --------------------------------------------------------

def for_boot(ctx, names) -> list:
    """The groups a boot names (by name or id, in the caller's project;
    `default` when it names none); BadRequest for one it cannot find."""
    ensure_default(ctx)
    groups = {}
    for name in dict.fromkeys(names or [group_db.DEFAULT]):
        group = group_db.find(ctx.project_id, name)
        if group is None:
            raise exceptions.BadRequest(
                f"Unable to find security_group with name or id '{name}'")
        groups[group.id] = group
    return list(groups.values())


def bind_at_boot(instance_uuids, groups) -> None:
    """Apply the groups for_boot found to the new instances. A group deleted
    since is left out (the instance is then filtered more, not less). No
    refresh: the instances hold no address yet, and allocating one refreshes."""
    group_db.bind(instance_uuids, [group.id for group in groups])


def _instance_group(ctx, instance, name: str):
    checked_property(name, "name")
    ensure_default(ctx, instance.project_id)
    group = group_db.find(instance.project_id, name)
    if group is None:
        raise exceptions.NotFound(f"Security group {name} not found for project "
                                  f"{instance.project_id}.")
    return group


def add_to_instance(ctx, instance, name: str) -> None:
    """addSecurityGroup: a group of the server's project, by name or id."""
    group = _instance_group(ctx, instance, name)
    try:
        added = group_db.bind([instance.uuid], [group.id])
    except exceptions.Conflict:  # added by a request at the same time
        added = 0
    if not added:
        raise exceptions.BadRequest(f"Security group {group.uuid} is already "
                                    f"associated with the instance {instance.uuid}")
    instance_changes.changed(ctx, instance.uuid)
    network_rpcapi.refresh(ctx)


def remove_from_instance(ctx, instance, name: str) -> None:
    group = _instance_group(ctx, instance, name)
    if not group_db.unbind(instance.uuid, group.id):
        raise exceptions.BadRequest(f"Security group {group.uuid} is not associated "
                                    f"with the instance {instance.uuid}")
    instance_changes.changed(ctx, instance.uuid)
    network_rpcapi.refresh(ctx)


def names_of_instances(instance_uuids) -> dict[str, list[str]]:
    """uuid -> the names of the groups the instance is in (server views)."""
    return {uuid: [group.name for group in groups]
            for uuid, groups in group_db.groups_of(instance_uuids).items()}


def groups_of_instance(instance_uuid: str) -> list:
    return group_db.groups_of([instance_uuid])[instance_uuid]
