"""What of a wanted state may reach netlink or a command line: every
interface name, address, MAC, host name and set name is checked (names.py);
an item that fails is left out and logged, and the rest is applied. A bad
value the whole state hangs on (the public interface, the metadata host)
refuses the state."""
from __future__ import annotations

import dataclasses

from oslo_log import log as logging

from onestack.network.linux import names
from onestack.network.wanted import WantedState

LOG = logging.getLogger(__name__)


def _dhcp_hosts(hosts) -> tuple:
    """The hosts a hosts file may hold: a bad MAC or address leaves the host
    out, a bad name is replaced by one made of the address."""
    kept = []
    for host in hosts:
        try:
            names.mac(host.mac)
            names.address(host.address)
        except ValueError as error:
            LOG.error("Leaving DHCP host %s out: %s", host, error)
            continue
        try:
            names.hostname(host.hostname)
        except ValueError:
            host = dataclasses.replace(
                host, hostname="host-" + host.address.replace(".", "-"))
        kept.append(host)
    return tuple(kept)


def checked(state: WantedState) -> WantedState:
    """state without what may not reach the host; ValueError when its
    public interface, metadata host, SNAT address or ranges are bad."""
    def keep(kind, item, check):
        try:
            check(item)
            return True
        except ValueError as error:
            LOG.error("Leaving %s %s out of the host: %s", kind, item, error)
            return False

    def bridge_ok(bridge):
        names.interface(bridge.name)
        if bridge.gateway:
            names.interface_address(bridge.gateway)
        for name in (bridge.interface, bridge.vlan_parent):
            if name:
                names.interface(name)
        if bridge.vlan is not None and not 1 <= int(bridge.vlan) <= 4094:
            raise ValueError(f"VLAN {bridge.vlan} is out of range")

    def port_ok(port):
        names.interface(port.device)
        names.address(port.address)
        names.mac(port.mac)
        names.interface(port.bridge)
        if port.gateway:
            names.address(port.gateway)
        for rule in port.rules:
            for cidr in rule.remote_cidrs or ():
                names.network(cidr)
            if rule.remote_set:
                names.chain_or_set(rule.remote_set)

    def floating_ok(nat):
        names.address(nat.floating)
        names.address(nat.fixed)
        names.interface(nat.interface)

    def dhcp_ok(network):
        names.interface(network.bridge)
        names.network(network.cidr)
        names.address(network.gateway)
        for server in network.dns_servers:
            names.address(server)
        if not network.network_uuid.replace("-", "").isalnum():
            raise ValueError(f"{network.network_uuid!r} is not a network id")
        if "\n" in network.config_file or "," in network.config_file:
            raise ValueError(f"{network.config_file!r} is not a plain path")

    def set_ok(address_set):
        names.chain_or_set(address_set.name)
        for address in address_set.addresses:
            names.address(address)

    names.interface(state.public_interface)
    names.address(state.metadata_host)
    names.address(state.routing_source_ip)
    for cidr in state.fixed_ranges + state.dmz_cidrs:
        names.network(cidr)
    return dataclasses.replace(
        state,
        bridges=tuple(b for b in state.bridges if keep("bridge", b, bridge_ok)),
        ports=tuple(p for p in state.ports if keep("port", p, port_ok)),
        floating=tuple(n for n in state.floating if keep("floating IP", n, floating_ok)),
        dhcp=tuple(dataclasses.replace(d, hosts=_dhcp_hosts(d.hosts))
                   for d in state.dhcp if keep("DHCP network", d, dhcp_ok)),
        address_sets=tuple(s for s in state.address_sets if keep("set", s, set_ok)))
