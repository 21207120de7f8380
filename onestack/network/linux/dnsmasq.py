"""The wanted state's dnsmasq: the static-leases hosts file of a network,
and the command line that serves it on the network's bridge."""
from __future__ import annotations

import ipaddress

from onestack.network.wanted import DhcpNetwork

DOMAIN = "novalocal"


def hosts_file(network: DhcpNetwork) -> str:
    """One line per instance interface, as Nova wrote them:
    MAC,hostname.novalocal,address."""
    return "".join(f"{host.mac},{host.hostname}.{DOMAIN},{host.address}\n"
                   for host in sorted(network.hosts, key=lambda h: h.address))


def options_file(network: DhcpNetwork) -> str:
    """DHCP options: the router is the gateway (none for a subnet without
    one); DNS is dnsmasq itself on the host's address unless dns_server names
    others. Host routes go out as classless static routes (option 121, and
    Microsoft's 249); a client that takes them ignores the router option, so
    the default route through the gateway is one of them."""
    router = network.router_address
    lines = [f"option:router,{router}"] if router else ["option:router"]
    if network.routes:
        routes = list(network.routes) + ([("0.0.0.0/0", router)] if router else [])
        listed = ",".join(f"{destination},{nexthop}" for destination, nexthop in routes)
        lines += [f"option:classless-static-route,{listed}", f"249,{listed}"]
    if network.mtu:
        lines.append(f"option:mtu,{network.mtu}")
    return "".join(line + "\n" for line in lines)


def command(network: DhcpNetwork, directory: str, dnsmasq: str = "dnsmasq") -> list[str]:
    """dnsmasq's argument list for the network; its files live in directory
    (hosts, opts, pid). Static leases only: no address outside the hosts file."""
    subnet = ipaddress.IPv4Network(network.cidr)
    args = [dnsmasq, "--no-hosts", "--strict-order", "--bind-interfaces",
            "--except-interface=lo", f"--interface={network.bridge}",
            f"--listen-address={network.gateway}", "--leasefile-ro",
            f"--pid-file={directory}/pid",
            f"--dhcp-hostsfile={directory}/hosts",
            f"--dhcp-optsfile={directory}/opts",
            f"--dhcp-range=set:{network.network_uuid[:8]},{subnet.network_address},"
            f"static,{subnet.netmask},{network.lease_time}s",
            f"--dhcp-lease-max={subnet.num_addresses}", f"--domain={DOMAIN}",
            f"--conf-file={network.config_file}"]
    if network.dns_servers:
        args.append("--no-resolv")
        args += [f"--server={server}" for server in network.dns_servers]
    return args
