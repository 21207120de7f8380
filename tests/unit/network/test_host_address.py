"""A subnet without a gateway, or whose gateway moved: the network host
keeps an address of its own on the bridge (dhcp_server), which is never
handed out, and DHCP hands out the gateway (or none) and the host routes."""
import ipaddress
import json
import types

from onestack.network import host_state, ipam


def _network(**values):
    base = dict(uuid="0d1e2f3a-0000", label="n", bridge="br100", cidr="10.5.0.0/28",
                fixed_cidr=None, gateway="10.5.0.1", dhcp_server=None, host_routes=None,
                mtu=None, vlan=None, enable_dhcp=True)
    return types.SimpleNamespace(**{**base, **values})


def _conf():
    return types.SimpleNamespace(dns_server=[], dhcp_lease_time=120,
                                 dnsmasq_config_file="")


def test_no_gateway_the_host_listens_on_its_dhcp_server_address_and_sends_no_router():
    network = _network(gateway=None, dhcp_server="10.5.0.9")
    dhcp = host_state._dhcp(_conf(), network, [], {})
    assert (dhcp.gateway, dhcp.router_address) == ("10.5.0.9", None)
    subnet = ipam.Subnet.of_network(network)
    assert ipaddress.IPv4Address("10.5.0.9") in subnet.never_given()
    assert subnet.may_give(ipaddress.IPv4Address("10.5.0.1"))


def test_a_moved_gateway_is_handed_out_as_router_and_given_to_no_one():
    network = _network(gateway="10.5.0.2", dhcp_server="10.5.0.1",
                       host_routes=json.dumps([{"destination": "10.20.0.0/24",
                                                "nexthop": "10.5.0.3"}]))
    dhcp = host_state._dhcp(_conf(), network, [], {})
    assert (dhcp.gateway, dhcp.router_address) == ("10.5.0.1", "10.5.0.2")
    assert dhcp.routes == (("10.20.0.0/24", "10.5.0.3"),)
    never = ipam.Subnet.of_network(network).never_given()
    assert {ipaddress.IPv4Address("10.5.0.1"), ipaddress.IPv4Address("10.5.0.2")} <= never
