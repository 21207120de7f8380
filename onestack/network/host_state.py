"""What one network host wants, read from the database: the networks it
serves (the single-host ones it took, and the multi-host ones its own
instances are on), their bridges and DHCP hosts, every instance interface
with its security group rules, and the floating IPs it translates."""
from __future__ import annotations

import collections
import ipaddress

from onestack.conf import network as network_conf
from onestack.db import instances, networks
from onestack.network import floating_ips, instance_rules, ipam, modes
from onestack.network.wanted import (Bridge, DhcpHost, DhcpNetwork, FloatingNat, Port,
                                     WantedState)


def served_by(host: str) -> tuple[list, list]:
    """(networks host serves, the instance addresses in them it serves)."""
    held = collections.defaultdict(list)
    for row in networks.of_all_instances():
        held[row.network_id].append(row)
    served, addresses = [], []
    for network in networks.list_():
        if network.multi_host:
            mine = [row for row in held[network.id] if row.host == host]
            if mine:
                served.append(network)
                addresses += mine
        elif network.host == host:
            served.append(network)
            addresses += held[network.id]
    return served, addresses


def compute(conf, host: str) -> WantedState:
    mode = modes.current(conf)
    served, addresses = served_by(host)
    by_id = {network.id: network for network in served}
    wanted_rules = instance_rules.rules_for_host_state(
        {row.instance_uuid for row in addresses})
    rules = wanted_rules.by_instance
    hostnames = {row.uuid: row.hostname or "server" for row in
                 instances.list_(None, {"uuids": list(rules)})} if rules else {}
    ports = tuple(Port(port_id=row.uuid, instance_uuid=row.instance_uuid,
                       address=row.address, mac=row.mac_address,
                       bridge=by_id[row.network_id].bridge,
                       gateway=ipam.host_address(by_id[row.network_id]),
                       rules=rules[row.instance_uuid].rules) for row in addresses)
    return WantedState(
        host=host,
        bridges=tuple(_bridge(mode, network) for network in served),
        dhcp=tuple(_dhcp(conf, network, addresses, hostnames) for network in served
                   if mode.dhcp and network.enable_dhcp),
        ports=ports,
        floating=tuple(FloatingNat(a.address, a.fixed_address, a.interface)
                       for a in floating_ips.associations_for_host_state(conf, host)),
        address_sets=wanted_rules.address_sets,
        fixed_ranges=tuple(network.cidr for network in served),
        public_interface=conf.public_interface, routing_source_ip=conf.routing_source_ip,
        dmz_cidrs=tuple(conf.dmz_cidr), metadata_host=conf.metadata_host,
        metadata_port=conf.metadata_port, filtering=network_conf.filtering(conf))


def _bridge(mode, network) -> Bridge:
    prefix = ipaddress.IPv4Network(network.cidr).prefixlen
    address = ipam.host_address(network)
    return Bridge(name=network.bridge,
                  gateway=f"{address}/{prefix}" if address else None,
                  interface=mode.bridge_interface(network), vlan=network.vlan,
                  vlan_parent=mode.vlan_parent(network) if network.vlan else None,
                  mtu=network.mtu)


def _dhcp(conf, network, addresses, hostnames) -> DhcpNetwork:
    return DhcpNetwork(
        network_uuid=network.uuid, label=network.label, bridge=network.bridge,
        cidr=network.cidr, gateway=ipam.host_address(network),
        router=network.gateway, routes=ipam.host_routes(network),
        hosts=tuple(DhcpHost(row.mac_address, row.address,
                             hostnames.get(row.instance_uuid, "server"))
                    for row in addresses if row.network_id == network.id),
        dns_servers=tuple(conf.dns_server), lease_time=conf.dhcp_lease_time,
        config_file=conf.dnsmasq_config_file, mtu=network.mtu)
