"""The wanted state's dnsmasq: one for each bridge, serving the static
leases of every DHCP network on it (under FlatDHCPManager all networks
share flat_network_bridge, as in nova-network, and two dnsmasq cannot
serve one interface), from one hosts file, with each network's options
tagged by the dhcp-range it sets."""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from onestack.network.wanted import DhcpNetwork

DOMAIN = "novalocal"


def by_bridge(networks: Iterable[DhcpNetwork]) -> dict[str, tuple[DhcpNetwork, ...]]:
    """The networks of each bridge, in a stable order."""
    grouped: dict[str, list[DhcpNetwork]] = {}
    for network in sorted(networks, key=lambda n: (n.bridge, n.cidr)):
        grouped.setdefault(network.bridge, []).append(network)
    return {bridge: tuple(found) for bridge, found in grouped.items()}


def tag(network: DhcpNetwork) -> str:
    return network.network_uuid[:8]


def hosts_file(networks: Sequence[DhcpNetwork]) -> str:
    """One line per instance interface, as Nova wrote them:
    MAC,hostname.novalocal,address."""
    hosts = [host for network in networks for host in network.hosts]
    return "".join(f"{host.mac},{host.hostname}.{DOMAIN},{host.address}\n"
                   for host in sorted(hosts, key=lambda h: ipaddress.IPv4Address(
                       h.address)))


def options_file(networks: Sequence[DhcpNetwork]) -> str:
    """DHCP options of each network, for the clients of its range: the
    router is the gateway (none for a subnet without one); DNS is dnsmasq
    itself on the host's address unless dns_server names others. Host routes
    go out as classless static routes (option 121, and Microsoft's 249); a
    client that takes them ignores the router option, so the default route
    through the gateway is one of them."""
    lines = []
    for network in networks:
        router = network.router_address
        own = [f"option:router,{router}"] if router else ["option:router"]
        if network.routes:
            routes = list(network.routes) + ([("0.0.0.0/0", router)] if router else [])
            listed = ",".join(f"{destination},{nexthop}"
                              for destination, nexthop in routes)
            own += [f"option:classless-static-route,{listed}", f"249,{listed}"]
        if network.mtu:
            own.append(f"option:mtu,{network.mtu}")
        lines += [f"tag:{tag(network)},{line}" for line in own]
    return "".join(line + "\n" for line in lines)


def command(networks: Sequence[DhcpNetwork], directory: str,
            dnsmasq: str = "dnsmasq") -> list[str]:
    """dnsmasq's argument list for the networks of one bridge; its files
    live in directory (hosts, opts, pid). Static leases only: no address
    outside the hosts file. dns_server, the lease time and
    dnsmasq_config_file are the host's, the same for every network."""
    first = networks[0]
    args = [dnsmasq, "--no-hosts", "--strict-order", "--bind-interfaces",
            "--except-interface=lo", f"--interface={first.bridge}"]
    args += [f"--listen-address={network.gateway}" for network in networks]
    args += ["--leasefile-ro", f"--pid-file={directory}/pid",
             f"--dhcp-hostsfile={directory}/hosts",
             f"--dhcp-optsfile={directory}/opts"]
    for network in networks:
        subnet = ipaddress.IPv4Network(network.cidr)
        args.append(f"--dhcp-range=set:{tag(network)},{subnet.network_address},"
                    f"static,{subnet.netmask},{first.lease_time}s")
    leases = sum(ipaddress.IPv4Network(network.cidr).num_addresses for network in networks)
    args += [f"--dhcp-lease-max={leases}", f"--domain={DOMAIN}",
             f"--conf-file={first.config_file}"]
    if first.dns_servers:
        args.append("--no-resolv")
        args += [f"--server={server}" for server in first.dns_servers]
    return args
