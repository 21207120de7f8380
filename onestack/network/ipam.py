"""Address arithmetic of nova-network networks: no database, no I/O.

A network is an IPv4 CIDR; its network and broadcast addresses and its
gateway are never handed out, and with a fixed_cidr only the addresses in
that subrange are.
"""
from __future__ import annotations

import dataclasses
import ipaddress
import json
import random

from onestack.common import exceptions

MAC_PREFIX = "fa:16:3e"


def parse_cidr(text: str, name: str = "cidr") -> ipaddress.IPv4Network:
    """An IPv4 network in CIDR form, with no host bits set; BadRequest if not."""
    try:
        network = ipaddress.IPv4Network(str(text), strict=True)
    except (ValueError, TypeError) as error:
        raise exceptions.BadRequest(f"Invalid {name} {text!r}: {error}")
    if network.prefixlen > 30:
        raise exceptions.BadRequest(f"Invalid {name} {text!r}: a network needs at "
                                    "least 4 addresses (a /30).")
    return network


def parse_address(text: str, name: str = "address") -> ipaddress.IPv4Address:
    try:
        return ipaddress.IPv4Address(str(text))
    except (ValueError, TypeError):
        raise exceptions.BadRequest(f"Invalid {name} {text!r}: not an IPv4 address.")


@dataclasses.dataclass(frozen=True)
class Subnet:
    """What a network's CIDR (and fixed_cidr, gateway) mean for its addresses."""
    network: ipaddress.IPv4Network
    gateway: ipaddress.IPv4Address
    allocatable: ipaddress.IPv4Network   # fixed_cidr, or the whole network
    router: ipaddress.IPv4Address | None = None   # a gateway that is not the host

    @classmethod
    def of_network(cls, network) -> "Subnet":
        """The subnet of a network row: gateway is the network host's address
        (dhcp_server, else the gateway), and a gateway elsewhere is never
        handed out either."""
        subnet = cls.of(network.cidr, host_address(network), network.fixed_cidr)
        if network.gateway and network.gateway != str(subnet.gateway):
            subnet = dataclasses.replace(subnet,
                                         router=ipaddress.IPv4Address(network.gateway))
        return subnet

    @classmethod
    def of(cls, cidr: str, gateway: str | None = None,
           fixed_cidr: str | None = None) -> "Subnet":
        network = ipaddress.IPv4Network(cidr)
        gateway_address = ipaddress.IPv4Address(gateway) if gateway \
            else network.network_address + 1
        allocatable = ipaddress.IPv4Network(fixed_cidr) if fixed_cidr else network
        return cls(network, gateway_address, allocatable)

    @property
    def netmask(self) -> str:
        return str(self.network.netmask)

    @property
    def broadcast(self) -> str:
        return str(self.network.broadcast_address)

    @property
    def prefixlen(self) -> int:
        return self.network.prefixlen

    def never_given(self) -> set[ipaddress.IPv4Address]:
        never = {self.network.network_address, self.network.broadcast_address,
                 self.gateway}
        return never | {self.router} if self.router is not None else never

    def may_give(self, address: ipaddress.IPv4Address) -> bool:
        return address in self.allocatable and address in self.network and \
            address not in self.never_given()

    def free_addresses(self, taken: set[str]):
        """The addresses that may be handed out and are not taken, lowest first."""
        never = self.never_given()
        for address in self.allocatable:
            if address not in never and str(address) not in taken and \
                    address in self.network:
                yield address

    def size(self) -> int:
        """How many addresses the network can hand out at most."""
        return sum(1 for address in self.allocatable
                   if address in self.network and address not in self.never_given())


def host_address(network) -> str | None:
    """The network host's own address on a network's bridge (where dnsmasq
    listens): its dhcp_server, else its gateway."""
    return getattr(network, "dhcp_server", None) or network.gateway


def host_routes(network) -> tuple[tuple[str, str], ...]:
    """A network's host routes as (destination, nexthop) pairs."""
    stored = getattr(network, "host_routes", None)
    return tuple((route["destination"], route["nexthop"])
                 for route in json.loads(stored)) if stored else ()


def check_fixed_cidr(cidr: ipaddress.IPv4Network,
                     fixed_cidr: ipaddress.IPv4Network | None) -> None:
    if fixed_cidr is not None and not fixed_cidr.subnet_of(cidr):
        raise exceptions.BadRequest(f"fixed_cidr {fixed_cidr} is not within {cidr}.")


def split(cidr: ipaddress.IPv4Network, count: int,
          size: int) -> list[ipaddress.IPv4Network]:
    """count consecutive subnets of size addresses from the start of cidr, as
    `network create --num_networks N --network_size S` makes them."""
    if size & (size - 1) or size < 4:
        raise exceptions.BadRequest(f"network_size {size} must be a power of two "
                                    "of at least 4.")
    prefix = 32 - (size.bit_length() - 1)
    if prefix < cidr.prefixlen:
        raise exceptions.BadRequest(f"network_size {size} is larger than {cidr}.")
    subnets = list(_first(cidr.subnets(new_prefix=prefix), count))
    if len(subnets) < count:
        raise exceptions.BadRequest(f"{cidr} holds only {len(subnets)} networks of "
                                    f"{size} addresses, not {count}.")
    return subnets


def _first(iterator, count):
    for index, item in enumerate(iterator):
        if index >= count:
            return
        yield item


def generate_mac(rng: random.Random | None = None) -> str:
    """A MAC address in OpenStack's fa:16:3e prefix."""
    rng = rng or random.SystemRandom()
    return MAC_PREFIX + "".join(f":{rng.randrange(256):02x}" for _ in range(3))
