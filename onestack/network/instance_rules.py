"""What the security groups of each instance let through, as the wanted
host state's rules (network/wanted.py's Rule, which a Port carries).

`rules_for_host_state(instance_uuids)` reads the groups applied to the
instances, their rules and the addresses of the groups named as sources in
three queries, and hands them to `resolve`, which is pure: a rule from a
source group becomes a rule from the group's address set, which holds what
its members hold (the fixed IPs of the instances and ports bound to it).

Ingress and egress rules alike: a port's inbound chain accepts what its
ingress rules allow, its outbound chain what its egress rules allow (every
group is made with an open egress rule; without one nothing new goes out).
The host state is IPv4 (fixed IPs are, and iptables renders it); rules of
ethertype IPv6, which the APIs accept and show, are left out of it.
"""
from __future__ import annotations

import dataclasses
import ipaddress

from onestack.db import security_groups as group_db
from onestack.network import protocols
from onestack.network.wanted import AddressSet, Rule

ETHERTYPE = "IPv4"
# the renderer matches ports of these by name; other protocols go by number
NAMED = {"1": "icmp", "6": "tcp", "17": "udp"}


def _protocol(stored: str | None) -> str | None:
    """The protocol as the renderer takes it; ValueError for one that the
    APIs would not have stored (nothing else reaches iptables-restore)."""
    if stored is None or stored in ("tcp", "udp", "icmp"):
        return stored
    if stored.isdigit() and int(stored) <= 255:
        return NAMED.get(stored, stored)
    return str(protocols.NUMBERS[stored])


@dataclasses.dataclass(frozen=True)
class InstanceRules:
    """The rules an instance's groups add up to, each once, in a stable
    order (ingress first): what its ports' `rules` are."""
    instance_uuid: str
    group_uuids: tuple[str, ...]
    rules: tuple[Rule, ...] = ()

    @property
    def ingress(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.direction == "ingress")

    @property
    def egress(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.direction == "egress")


@dataclasses.dataclass(frozen=True)
class HostRules:
    by_instance: dict[str, InstanceRules]
    address_sets: tuple[AddressSet, ...]


def set_name(group_id: int) -> str:
    return f"onestack-sg-{group_id}"


@dataclasses.dataclass(frozen=True)
class StoredRule:
    """A rule row as resolve needs it (remote_group_id: a group's row id)."""
    group_id: int
    direction: str
    ethertype: str
    protocol: str | None
    port_range_min: int | None
    port_range_max: int | None
    remote_ip_prefix: str | None
    remote_group_id: int | None

    @classmethod
    def of(cls, row) -> StoredRule:
        return cls(**{field.name: getattr(row, field.name)
                      for field in dataclasses.fields(cls)})


def _remotes(rule: StoredRule) -> tuple[str, ...] | None:
    """Rule.remote_cidrs of a rule with no source group: None for any
    address, else its CIDR as a network (the API keeps one as given, host
    bits and all)."""
    if rule.remote_ip_prefix is None:
        return None
    network = ipaddress.ip_network(rule.remote_ip_prefix, strict=False)
    return None if network.prefixlen == 0 else (str(network),)


def address_sets(members: dict[int, list[str]]) -> tuple[AddressSet, ...]:
    """Pure: the source groups' member addresses (by group id) as address
    sets, IPv4 only, in address order."""
    return tuple(AddressSet(set_name(group_id), tuple(str(address) for address in sorted(
        ipaddress.ip_address(a) for a in addresses
        if ipaddress.ip_address(a).version == 4)))
        for group_id, addresses in sorted(members.items()))


def _order(rule: Rule) -> tuple:
    def number(value):
        return -1 if value is None else value
    return (rule.direction != "ingress", rule.protocol or "", number(rule.port_min),
            number(rule.port_max), rule.remote_cidrs is None, rule.remote_cidrs or (),
            rule.remote_set or "")


def resolve(bindings, rules) -> dict[str, InstanceRules]:
    """Pure: bindings (instance uuid, group id, group uuid) and the groups'
    StoredRules -> each bound instance's InstanceRules."""
    rules_of_group: dict[int, list[Rule]] = {}
    for stored in rules:
        try:
            protocol = _protocol(stored.protocol)
        except (KeyError, ValueError):
            continue
        if stored.ethertype == ETHERTYPE:
            source = stored.remote_group_id
            rules_of_group.setdefault(stored.group_id, []).append(Rule(
                stored.direction, protocol, stored.port_range_min,
                stored.port_range_max, None if source is not None else _remotes(stored),
                set_name(source) if source is not None else None))
    groups_of: dict[str, dict[int, str]] = {}
    for instance_uuid, group_id, group_uuid in bindings:
        groups_of.setdefault(instance_uuid, {})[group_id] = group_uuid
    result = {}
    for instance_uuid, groups in groups_of.items():
        wanted = {rule for group_id in groups
                  for rule in rules_of_group.get(group_id, ())}
        result[instance_uuid] = InstanceRules(
            instance_uuid, tuple(sorted(groups.values())),
            tuple(sorted(wanted, key=_order)))
    return result


def rules_for_host_state(instance_uuids) -> HostRules:
    """The InstanceRules of each uuid asked about (an instance in no group
    has none: nothing comes in), and the address sets of the source groups
    they name. Three queries, whatever the number of instances."""
    uuids = list(instance_uuids)
    bindings = group_db.bindings_of(uuids)
    rows = group_db.rules_of({group_id for _uuid, group_id, _group in bindings})
    rules = [StoredRule.of(row) for group_rules in rows.values() for row in group_rules]
    sources = {rule.remote_group_id for rule in rules if rule.remote_group_id is not None}
    members = group_db.member_addresses(sources)
    resolved = resolve(bindings, rules)
    return HostRules(
        {uuid: resolved.get(uuid) or InstanceRules(uuid, ()) for uuid in uuids},
        address_sets({group_id: members.get(group_id, []) for group_id in sources}))
