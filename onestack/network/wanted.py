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
    gateway: str                    # 10.0.0.1
    hosts: tuple[DhcpHost, ...] = ()
    dns_servers: tuple[str, ...] = ()
    lease_time: int = 86400
    config_file: str = ""
    mtu: int | None = None


@dataclasses.dataclass(frozen=True)
class Rule:
    """An allowed flow of a security group, a source group resolved to the
    addresses of its members: remote_cidrs None means any address, and an
    empty tuple nobody (a source group without members)."""
    direction: str                  # ingress | egress
    protocol: str | None            # tcp | udp | icmp | None (any)
    port_min: int | None = None     # icmp: the type
    port_max: int | None = None     # icmp: the code
    remote_cidrs: tuple[str, ...] | None = None


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
    fixed_ranges: tuple[str, ...] = ()   # the CIDRs of the networks served here
    public_interface: str = "eth0"
    routing_source_ip: str = "127.0.0.1"  # SNAT of the fixed ranges goes to it
    dmz_cidrs: tuple[str, ...] = ()
    metadata_host: str = "127.0.0.1"
    metadata_port: int = 8775
    filtering: bool = True               # False: firewall_driver is no-op
