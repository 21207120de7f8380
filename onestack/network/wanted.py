"""The configuration a network host wants, as plain values: what the
renderers (network/linux/) turn into iptables-restore input and dnsmasq
files, and what a network driver makes real. No database, no I/O."""
from __future__ import annotations

import dataclasses

METADATA_ADDRESS = "169.254.169.254"


def device_of(port_id: str) -> str:
    """The host-side device of an instance's interface, as Nova names it
    (tap + the port id's first 11 characters: 14, under Linux's 15)."""
    return f"tap{port_id[:11]}"


@dataclasses.dataclass(frozen=True)
class Bridge:
    name: str                       # br100
    gateway: str | None             # with its prefix: 10.0.0.1/24
    interface: str | None = None    # enslaved: flat_interface, or vlan100
    vlan: int | None = None
    vlan_parent: str | None = None  # the interface vlan<N> sits on
    mtu: int | None = None


@dataclasses.dataclass(frozen=True)
class DhcpHost:
    mac: str
    address: str
    hostname: str


@dataclasses.dataclass(frozen=True)
class DhcpNetwork:
    """One dnsmasq: the static leases of one network's bridge."""
    network_uuid: str
    label: str
    bridge: str
    cidr: str                       # 10.0.0.0/24
    gateway: str                    # 10.0.0.1: where dnsmasq listens (the host)
    hosts: tuple[DhcpHost, ...] = ()
    dns_servers: tuple[str, ...] = ()
    lease_time: int = 86400
    config_file: str = ""
    mtu: int | None = None
    # the router handed out: the gateway unless the subnet has none (None)
    # or another one ("" keeps the default: the listening address)
    router: str | None = ""
    routes: tuple[tuple[str, str], ...] = ()   # (destination CIDR, nexthop)

    @property
    def router_address(self) -> str | None:
        return self.gateway if self.router == "" else self.router


@dataclasses.dataclass(frozen=True)
class Rule:
    """An allowed flow of a security group: from (or to) remote_cidrs (None:
    any address), or from the members of a source group, kept as the
    address set remote_set so that a group of a thousand members is one
    rule, not a thousand."""
    direction: str                  # ingress | egress
    protocol: str | None            # tcp | udp | icmp | None (any)
    port_min: int | None = None     # icmp: the type
    port_max: int | None = None     # icmp: the code
    remote_cidrs: tuple[str, ...] | None = None
    remote_set: str | None = None


@dataclasses.dataclass(frozen=True)
class AddressSet:
    """The addresses of a source group's members (an ipset)."""
    name: str                       # onestack-sg-<group id>, under ipset's 31
    addresses: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Port:
    """An instance's interface on this host, with the rules that let traffic
    reach it (and leave it)."""
    port_id: str
    instance_uuid: str
    address: str
    mac: str
    bridge: str
    gateway: str | None
    rules: tuple[Rule, ...] = ()

    @property
    def device(self) -> str:
        return device_of(self.port_id)


@dataclasses.dataclass(frozen=True)
class FloatingNat:
    floating: str
    fixed: str
    interface: str                  # the public interface it is added to


@dataclasses.dataclass(frozen=True)
class WantedState:
    host: str
    bridges: tuple[Bridge, ...] = ()
    dhcp: tuple[DhcpNetwork, ...] = ()
    ports: tuple[Port, ...] = ()
    floating: tuple[FloatingNat, ...] = ()
    address_sets: tuple[AddressSet, ...] = ()
    fixed_ranges: tuple[str, ...] = ()   # the CIDRs of the networks served here
    public_interface: str = "eth0"
    routing_source_ip: str = "127.0.0.1"  # SNAT of the fixed ranges goes to it
    dmz_cidrs: tuple[str, ...] = ()
    metadata_host: str = "127.0.0.1"
    metadata_port: int = 8775
    filtering: bool = True               # False: firewall_driver is no-op
