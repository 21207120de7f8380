"""External networks made through the networking API, as an administrator
does with `openstack network create --external` and `subnet create`: the
network is everyone's to see, and its subnet makes a floating IP pool of
its allocation pools' addresses (named by the network's id), whose floating
IPs projects take; deleting the network deletes the pool and its
unassociated floating IPs."""
import uuid

from tests.support.compute_http import Compute
from tests.support.neutron_http import Neutron, neutron_fault


def test_an_external_network_and_its_pool(cloud, tenant):
    sdk, project = tenant
    admin_sdk, admin = cloud.sdk(), Neutron(cloud, cloud.session())
    member = Neutron(cloud, sdk.session)
    name = f"ext-{uuid.uuid4().hex[:6]}"
    network = admin_sdk.network.create_network(name=name, is_router_external=True)
    assert network.is_router_external and network.subnet_ids == []
    seen = sdk.network.get_network(network.id)
    assert (seen.name, seen.is_router_external) == (name, True)
    assert network.id in {n.id for n in sdk.network.networks(is_router_external=True)}
    # a member makes no external network, nor its subnet, nor changes it
    neutron_fault(member("POST", "/networks", json={"network": {
        "name": "x", "router:external": True}}), 403, "PolicyNotAuthorized")
    subnet = admin_sdk.network.create_subnet(
        network_id=network.id, ip_version=4, cidr="198.18.7.0/29",
        allocation_pools=[{"start": "198.18.7.2", "end": "198.18.7.4"}],
        is_dhcp_enabled=False)
    assert subnet.network_id == network.id
    shown = admin_sdk.network.get_network(network.id)
    assert (shown.name, shown.subnet_ids) == (name, [subnet.id])
    # the pool's addresses are the allocation pool's; projects take them
    floating = sdk.network.create_ip(floating_network_id=network.id)
    assert floating.floating_ip_address in ("198.18.7.2", "198.18.7.3", "198.18.7.4")
    assert floating.floating_network_id == network.id
    pools = Compute(cloud, sdk.session)("GET", "/os-floating-ip-pools").json()
    assert {"name": network.id} in pools["floating_ip_pools"]
    neutron_fault(member("DELETE", f"/networks/{network.id}"), 403)
    # the subnet goes only while no floating IP is held
    neutron_fault(admin("DELETE", f"/subnets/{subnet.id}"), 409, "SubnetInUse")
    renamed = admin_sdk.network.update_network(network.id, name=name + "-x")
    assert renamed.name == name + "-x" and renamed.is_router_external
    neutron_fault(admin("PUT", f"/networks/{network.id}", json={"network": {
        "router:external": False}}), 409)
    # deleting the network deletes the pool and the unassociated floating IP
    admin_sdk.network.delete_network(network.id)
    assert admin_sdk.network.find_network(network.id) is None
    assert sdk.network.find_ip(floating.id) is None
    assert floating.id not in {ip.id for ip in admin_sdk.network.ips()}


def test_a_network_becomes_external_while_it_has_no_subnet(cloud, tenant):
    sdk, _ = tenant
    admin_sdk, admin = cloud.sdk(), Neutron(cloud, cloud.session())
    network = admin_sdk.network.create_network(name=f"later-{uuid.uuid4().hex[:6]}")
    assert not network.is_router_external
    updated = admin_sdk.network.update_network(network.id, is_router_external=True)
    assert updated.is_router_external
    assert sdk.network.get_network(network.id).is_router_external
    neutron_fault(Neutron(cloud, sdk.session)("PUT", f"/networks/{network.id}", json={
        "network": {"router:external": False}}), 403)
    back = admin_sdk.network.update_network(network.id, is_router_external=False)
    assert not back.is_router_external
    # a network with fixed IPs does not become external
    fixed = admin_sdk.network.create_network(name=f"fixed-{uuid.uuid4().hex[:6]}")
    admin_sdk.network.create_subnet(network_id=fixed.id, ip_version=4,
                                    cidr="10.245.0.0/28")
    neutron_fault(admin("PUT", f"/networks/{fixed.id}", json={"network": {
        "router:external": True}}), 400, "InvalidInput")
    admin_sdk.network.delete_network(fixed.id)
    admin_sdk.network.delete_network(network.id)


def test_fixed_and_floating_ranges_do_not_overlap(cloud):
    admin_sdk, admin = cloud.sdk(), Neutron(cloud, cloud.session())
    external = admin_sdk.network.create_network(name="ext-o", is_router_external=True)
    admin_sdk.network.create_subnet(network_id=external.id, ip_version=4,
                                    cidr="198.18.8.0/29")
    fixed = admin_sdk.network.create_network(name="fixed-o")
    overlap = admin("POST", "/subnets", json={"subnet": {
        "network_id": fixed.id, "ip_version": 4, "cidr": "198.18.8.0/28"}})
    neutron_fault(overlap, 400, "InvalidInput")
    assert "overlaps with another subnet" in overlap.json()["NeutronError"]["message"]
    other = admin_sdk.network.create_network(name="ext-o2", is_router_external=True)
    neutron_fault(admin("POST", "/subnets", json={"subnet": {
        "network_id": other.id, "ip_version": 4, "cidr": "198.18.8.0/29"}}), 400,
        "InvalidInput")
    for network in (other, fixed, external):
        admin_sdk.network.delete_network(network.id)
