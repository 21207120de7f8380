"""Subnets beyond the defaults, as Tempest's NetworksTest makes them: no
gateway (the network host keeps an address of its own, nova-network's
dhcp_server), allocation pools that are part of the range (the rest
reserved, as nova-network reserved addresses), host routes, and updates of
gateway_ip, dns_nameservers, host_routes and enable_dhcp."""
from tests.support.compute_http import Compute
from tests.support.neutron_http import Neutron, neutron_fault


def _subnet(api, network_id, **body):
    made = api("POST", "/subnets", json={"subnet": {"network_id": network_id,
                                                    "ip_version": 4, **body}})
    assert made.status_code == 201, made.text
    return made.json()["subnet"]


def _dhcp_server(cloud, network_id):
    admin = Compute(cloud, cloud.session())
    return admin("GET", f"/os-networks/{network_id}").json()["network"]["dhcp_server"]


def test_a_subnet_without_gateway_and_with_pools(cloud, tenant):
    sdk, _ = tenant
    api = Neutron(cloud, sdk.session)
    network = sdk.network.create_network(name="no-gw")
    subnet = _subnet(api, network.id, cidr="10.241.0.0/28", gateway_ip=None,
                     allocation_pools=[{"start": "10.241.0.3", "end": "10.241.0.7"}])
    assert subnet["gateway_ip"] is None
    assert subnet["allocation_pools"] == [{"start": "10.241.0.3", "end": "10.241.0.7"}]
    assert sdk.network.get_subnet(subnet["id"]).gateway_ip is None
    # the host's own address: the first one outside the pools
    assert _dhcp_server(cloud, network.id) == "10.241.0.1"
    # ports take addresses of the pools only: five of them
    taken = [sdk.network.create_port(network_id=network.id).fixed_ips[0]["ip_address"]
             for _ in range(5)]
    assert taken == [f"10.241.0.{n}" for n in range(3, 8)]
    neutron_fault(api("POST", "/ports", json={"port": {"network_id": network.id}}),
                  409, "IpAddressGenerationFailure")
    for port in sdk.network.ports(network_id=network.id):
        sdk.network.delete_port(port.id)
    sdk.network.delete_network(network.id)


def test_no_gateway_and_no_pools_the_host_takes_the_first_address(cloud, tenant):
    sdk, _ = tenant
    api = Neutron(cloud, sdk.session)
    network = sdk.network.create_network(name="no-gw-all")
    subnet = _subnet(api, network.id, cidr="10.241.1.0/29", gateway_ip=None)
    assert subnet["allocation_pools"] == [{"start": "10.241.1.1", "end": "10.241.1.6"}]
    assert _dhcp_server(cloud, network.id) == "10.241.1.1"
    port = sdk.network.create_port(network_id=network.id)
    assert port.fixed_ips[0]["ip_address"] == "10.241.1.2"
    sdk.network.delete_port(port.id)
    sdk.network.delete_network(network.id)


def test_host_routes_and_updates_of_gateway_dns_routes_dhcp(cloud, tenant):
    sdk, _ = tenant
    api = Neutron(cloud, sdk.session)
    network = sdk.network.create_network(name="routes")
    routes = [{"destination": "10.20.0.0/32", "nexthop": "10.100.1.1"}]
    subnet = _subnet(api, network.id, cidr="10.241.2.0/28", gateway_ip="10.241.2.1",
                     host_routes=routes, dns_nameservers=["8.8.4.4", "8.8.8.8"],
                     allocation_pools=[{"start": "10.241.2.3", "end": "10.241.2.7"}])
    assert subnet["host_routes"] == routes
    assert sdk.network.get_subnet(subnet["id"]).host_routes == routes
    new_routes = [{"destination": "10.20.0.0/32", "nexthop": "10.100.1.2"}]
    updated = sdk.network.update_subnet(
        subnet["id"], name="New_subnet", gateway_ip="10.241.2.2",
        dns_nameservers=["7.8.8.8", "7.8.4.4"], host_routes=new_routes,
        is_dhcp_enabled=True)
    assert (updated.name, updated.gateway_ip, updated.host_routes,
            updated.is_dhcp_enabled) == ("New_subnet", "10.241.2.2", new_routes, True)
    assert sorted(updated.dns_nameservers) == ["7.8.4.4", "7.8.8.8"]
    # the network host keeps its address on the bridge; the new gateway is no one's
    assert _dhcp_server(cloud, network.id) == "10.241.2.1"
    assert sdk.network.get_subnet(subnet["id"]).gateway_ip == "10.241.2.2"
    # a gateway inside a pool, a bad route: refused
    neutron_fault(api("PUT", f"/subnets/{subnet['id']}", json={"subnet": {
        "gateway_ip": "10.241.2.5"}}), 400, "GatewayConflictWithAllocationPools")
    neutron_fault(api("PUT", f"/subnets/{subnet['id']}", json={"subnet": {
        "host_routes": [{"destination": "10.20.0.1/24", "nexthop": "10.1.1.1"}]}}),
        400, "InvalidInput")
    cleared = sdk.network.update_subnet(subnet["id"], host_routes=[], gateway_ip=None,
                                        is_dhcp_enabled=False)
    assert (cleared.host_routes, cleared.gateway_ip, cleared.is_dhcp_enabled) == (
        [], None, False)
    sdk.network.delete_network(network.id)


def test_bad_pools_are_refused(cloud, tenant):
    sdk, _ = tenant
    api = Neutron(cloud, sdk.session)
    network = sdk.network.create_network(name="bad-pools")

    def subnet(**body):
        return api("POST", "/subnets", json={"subnet": {
            "network_id": network.id, "ip_version": 4, "cidr": "10.241.3.0/28", **body}})
    neutron_fault(subnet(allocation_pools=[{"start": "10.241.3.1", "end": "10.241.3.5"}]),
                  400, "GatewayConflictWithAllocationPools")
    neutron_fault(subnet(allocation_pools=[{"start": "10.241.3.2", "end": "10.241.3.5"},
                                           {"start": "10.241.3.5", "end": "10.241.3.9"}]),
                  400)
    neutron_fault(subnet(allocation_pools=[{"start": "10.241.3.2",
                                            "end": "10.241.3.15"}]), 400)
    assert sdk.network.get_network(network.id).subnet_ids == []
    sdk.network.delete_network(network.id)
