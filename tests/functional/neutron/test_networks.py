"""Networks and subnets through the `openstack` CLI and openstacksdk, seen
the same through the compute API's os-networks; floating IP pools as
external networks; the bad-input matrix in Neutron's error format."""
import json
import uuid

import pytest

from tests.support.compute_http import Compute
from tests.support.neutron_http import Neutron, cli_env_for, neutron_fault


def _json(cloud, *args, env=None):
    return json.loads(cloud.cli(*args, "-f", "json", env=env).stdout)


@pytest.fixture
def member_cli(cloud, tenant):
    sdk, project = tenant
    return cli_env_for(cloud, project.name, "pw", project.name)


def test_network_and_subnet_create_through_the_cli(cloud, tenant, member_cli):
    sdk, project = tenant
    name = f"net-{uuid.uuid4().hex[:6]}"
    network = _json(cloud, "network", "create", name, env=member_cli)
    assert network["name"] == name and network["project_id"] == project.id
    assert network["router:external"] in ("Internal", False) and not network["subnets"]
    subnet = _json(cloud, "subnet", "create", "--network", name, "--subnet-range",
                   "10.221.0.0/24", "--dns-nameserver", "10.221.0.53", f"{name}-sub",
                   env=member_cli)
    assert subnet["cidr"] == "10.221.0.0/24" and subnet["gateway_ip"] == "10.221.0.1"
    assert subnet["ip_version"] == 4 and subnet["enable_dhcp"] in (True, "True")
    assert subnet["allocation_pools"] in ("10.221.0.2-10.221.0.254",
                                          [{"start": "10.221.0.2",
                                            "end": "10.221.0.254"}])
    listed = {n["Name"]: n for n in _json(cloud, "network", "list", env=member_cli)}
    assert subnet["id"] in str(listed[name]["Subnets"])
    # the compute API sees the same network
    compute = Compute(cloud, sdk.session)
    seen = compute("GET", f"/os-networks/{network['id']}").json()["network"]
    assert (seen["label"], seen["cidr"]) == (name, "10.221.0.0/24")
    # the sdk agrees
    assert sdk.network.get_subnet(subnet["id"]).network_id == network["id"]
    cloud.cli("subnet", "delete", subnet["id"], env=member_cli)
    assert compute("GET", f"/os-networks/{network['id']}").status_code == 404
    assert sdk.network.get_network(network["id"]).subnet_ids == []
    cloud.cli("network", "delete", name, env=member_cli)
    assert sdk.network.find_network(network["id"]) is None


def test_a_network_without_its_subnet_is_a_tenant_network(cloud, tenant, other_tenant):
    """Nova over Neutron lists such a network in os-tenant-networks, with the
    CIDR "None" (Tempest's per-project network setup makes one)."""
    sdk, project = tenant
    network = sdk.network.create_network(name=f"bare-{uuid.uuid4().hex[:6]}")
    compute = Compute(cloud, sdk.session)
    listed = compute("GET", "/os-tenant-networks").json()["networks"]
    assert {"id": network.id, "cidr": "None", "label": network.name} in listed
    shown = compute("GET", f"/os-tenant-networks/{network.id}")
    assert shown.json()["network"] == {"id": network.id, "cidr": "None",
                                       "label": network.name}
    stranger = Compute(cloud, other_tenant[0].session)
    assert stranger("GET", f"/os-tenant-networks/{network.id}").status_code == 404
    assert network.id not in {n["id"] for n in
                              stranger("GET", "/os-tenant-networks").json()["networks"]}
    sdk.network.delete_network(network.id)
    assert compute("GET", f"/os-tenant-networks/{network.id}").status_code == 404


def test_pools_are_external_networks(cloud):
    admin = Compute(cloud, cloud.session())
    admin("POST", "/os-floating-ips-bulk", json={"floating_ips_bulk_create": {
        "ip_range": "198.51.100.160/30", "pool": "ext-pool"}})
    sdk = cloud.sdk()
    network = sdk.network.find_network("ext-pool")
    assert network.is_router_external and network.status == "ACTIVE"
    (subnet_id,) = network.subnet_ids
    subnet = sdk.network.get_subnet(subnet_id)
    assert subnet.cidr == "198.51.100.160/30"
    assert subnet.allocation_pools == [{"start": "198.51.100.161", "end": "198.51.100.162"}]
    externals = _json(cloud, "network", "list", "--external")
    assert "ext-pool" in {n["Name"] for n in externals}


def test_bad_input_in_neutron_errors(cloud, tenant, other_tenant):
    sdk, _ = tenant
    api = Neutron(cloud, sdk.session)
    network = api("POST", "/networks", json={"network": {"name": "bad"}}).json()[
        "network"]
    net = network["id"]

    def subnet(**body):
        return api("POST", "/subnets", json={"subnet": {"network_id": net,
                                                        "ip_version": 4, **body}})
    neutron_fault(subnet(cidr="10.222.0.0/33"), 400, "InvalidInput")
    neutron_fault(subnet(cidr="10.222.0.1/24"), 400, "InvalidInput")
    neutron_fault(subnet(cidr="fd00::/64", ip_version=6), 400, "InvalidInput")
    neutron_fault(subnet(cidr="10.222.0.0/24", gateway_ip="10.9.9.9"), 400)
    neutron_fault(subnet(cidr="10.222.0.0/24", allocation_pools=[
        {"start": "10.222.0.100", "end": "10.222.0.50"}]), 400)
    neutron_fault(api("POST", "/networks", json={"network": {"nmae": "x"}}), 400)
    neutron_fault(api("POST", "/networks", json={"network": "x"}), 400)
    assert subnet(cidr="10.222.0.0/24").status_code == 201
    neutron_fault(subnet(cidr="10.222.1.0/24"), 400)   # one subnet a network
    other = api("POST", "/networks", json={"network": {"name": "overlap"}}).json()[
        "network"]["id"]
    overlap = api("POST", "/subnets", json={"subnet": {
        "network_id": other, "ip_version": 4, "cidr": "10.222.0.128/25"}})
    # Neutron without overlapping IPs: 400 InvalidInput, in the words clients look for
    neutron_fault(overlap, 400, "InvalidInput")
    assert overlap.json()["NeutronError"]["message"].startswith(
        "Invalid input for operation: Requested subnet with cidr: 10.222.0.128/25 ")
    assert overlap.json()["NeutronError"]["message"].endswith(
        "overlaps with another subnet.")
    # another project's network is one that does not exist
    stranger = Neutron(cloud, other_tenant[0].session)
    neutron_fault(stranger("GET", f"/networks/{net}"), 404, "NetworkNotFound")
    neutron_fault(stranger("DELETE", f"/networks/{net}"), 404, "NetworkNotFound")
    neutron_fault(stranger("POST", "/subnets", json={"subnet": {
        "network_id": other, "ip_version": 4, "cidr": "10.223.0.0/24"}}), 404,
        "NetworkNotFound")
    assert net not in {n["id"] for n in stranger("GET", "/networks").json()["networks"]}
    # a reader of the project cannot write
    neutron_fault(stranger("POST", "/networks", json={"network": {
        "name": "x", "shared": True}}), 403, "PolicyNotAuthorized")
    assert api("DELETE", f"/networks/{net}").status_code == 204
    assert api("DELETE", f"/networks/{other}").status_code == 204


def test_a_pools_subnet_is_the_administrators(cloud, tenant):
    """As an external network's subnet in Neutron: projects see the network
    (to take floating IPs from it), not its subnet."""
    sdk, _ = tenant
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "203.0.113.176/30",
                                     "pool": "admins-subnet-pool"}})
    pool = sdk.network.find_network("admins-subnet-pool")
    assert pool is not None and pool.is_router_external
    (subnet_id,) = pool.subnet_ids
    assert list(sdk.network.subnets(network_id=pool.id)) == []
    api = Neutron(cloud, sdk.session)
    neutron_fault(api("GET", f"/subnets/{subnet_id}"), 404, "SubnetNotFound")
    assert cloud.sdk().network.get_subnet(subnet_id).cidr
