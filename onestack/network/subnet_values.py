"""What a subnet's attributes mean in nova-network's columns, checked as
Neutron checks them: allocation pools, host routes, the gateway and DNS
servers. No database, no I/O."""
from __future__ import annotations

import ipaddress
import json

from onestack.common import exceptions
from onestack.network import ipam

MAX_DNS = 2
MAX_HOST_ROUTES = 20
UNSET = object()    # an attribute not given (gateway_ip: the first host address)


def allocation_pools(network) -> list[tuple[str, str]]:
    """The (first, last) ranges of addresses the network hands out: those its
    subnet was made with, else every host address but the gateway's."""
    if getattr(network, "allocation_pools", None):
        return [tuple(pool) for pool in json.loads(network.allocation_pools)]
    subnet = ipam.Subnet.of_network(network)
    return _ranges([address for address in subnet.allocatable
                    if address in subnet.network and address not in subnet.never_given()])


def _ranges(addresses) -> list[tuple[str, str]]:
    """Sorted addresses as (first, last) runs of consecutive ones."""
    ranges: list[list] = []
    for address in sorted(addresses):
        if ranges and int(address) == int(ranges[-1][1]) + 1:
            ranges[-1][1] = address
        else:
            ranges.append([address, address])
    return [(str(a), str(b)) for a, b in ranges]


def hosts(subnet: ipaddress.IPv4Network):
    return (address for address in subnet
            if address not in (subnet.network_address, subnet.broadcast_address))


def parse_pools(subnet, gateway, wanted: list) -> list[tuple]:
    """The pools asked for: ranges of host addresses of the subnet that do
    not overlap and leave out the gateway (Neutron's checks)."""
    pools = []
    for pool in wanted:
        if not isinstance(pool, dict) or set(pool) - {"start", "end"}:
            raise exceptions.BadRequest(f"Invalid allocation pool {pool!r}: "
                                        "{'start': address, 'end': address}.")
        first = ipam.parse_address(pool.get("start"), "start")
        last = ipam.parse_address(pool.get("end"), "end")
        if first > last or first not in subnet or last not in subnet or \
                subnet.network_address in (first, last) or \
                subnet.broadcast_address in (first, last):
            raise exceptions.BadRequest(f"The allocation pool {first}-{last} spans "
                                        f"beyond the subnet cidr {subnet}.")
        if gateway is not None and first <= gateway <= last:
            raise GatewayConflict(f"Gateway ip {gateway} conflicts with allocation "
                                  f"pool {first}-{last}.")
        pools.append((first, last))
    pools.sort()
    for (_, last), (first, _) in zip(pools, pools[1:]):
        if first <= last:
            raise exceptions.BadRequest("Found overlapping allocation pools.")
    return pools


class GatewayConflict(exceptions.BadRequest):
    neutron_type = "GatewayConflictWithAllocationPools"


def parse_host_routes(routes: list) -> str:
    """host_routes as stored (JSON): IPv4 destinations with their nexthops."""
    parsed = []
    for route in routes:
        if not isinstance(route, dict) or set(route) != {"destination", "nexthop"}:
            raise exceptions.BadRequest(f"Invalid host route {route!r}: "
                                        "{'destination': cidr, 'nexthop': address}.")
        try:
            destination = ipaddress.IPv4Network(str(route["destination"]), strict=True)
        except ValueError as error:
            raise exceptions.BadRequest(f"Invalid host route destination "
                                        f"{route['destination']!r}: {error}")
        nexthop = ipam.parse_address(route["nexthop"], "nexthop")
        parsed.append({"destination": str(destination), "nexthop": str(nexthop)})
    if len(parsed) > MAX_HOST_ROUTES:
        raise exceptions.BadRequest(f"At most {MAX_HOST_ROUTES} host_routes here.")
    if len({(r["destination"], r["nexthop"]) for r in parsed}) < len(parsed):
        raise exceptions.BadRequest("Duplicate host route.")
    return json.dumps(parsed)


def parse_gateway(subnet, gateway: str | None):
    address = ipam.parse_address(gateway, "gateway_ip")
    if address not in subnet or address in (subnet.network_address,
                                            subnet.broadcast_address):
        raise exceptions.BadRequest(f"Gateway IP {address} is not a host "
                                    f"address of {subnet}.")
    return address


def dns_columns(dns) -> dict:
    dns = [str(ipam.parse_address(d, "dns_nameservers")) for d in dns]
    if len(dns) > MAX_DNS:
        raise exceptions.BadRequest(f"At most {MAX_DNS} dns_nameservers here.")
    if len(set(dns)) < len(dns):
        raise exceptions.BadRequest("Duplicate nameserver.")
    return {"dns1": dns[0] if dns else None, "dns2": dns[1] if len(dns) > 1 else None}


def pool_addresses(values: dict) -> list[str]:
    """The addresses of a planned subnet's allocation pools."""
    subnet = ipaddress.IPv4Network(values["cidr"])
    if values["allocation_pools"]:
        ranges = [(ipaddress.IPv4Address(a), ipaddress.IPv4Address(b))
                  for a, b in json.loads(values["allocation_pools"])]
        return [str(a) for a in hosts(subnet)
                if any(first <= a <= last for first, last in ranges)]
    return [str(a) for a in hosts(subnet) if str(a) != values["gateway"]]
