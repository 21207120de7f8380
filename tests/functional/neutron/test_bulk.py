"""Bulk creates ({"networks": [...]}, subnets, ports) as Neutron has them:
all or nothing, the quota counted for the whole batch."""
import uuid

from tests.support.neutron_http import Neutron, neutron_fault


def _mine(api, collection):
    return {item["id"] for item in api("GET", f"/{collection}").json()[collection]}


def test_bulk_networks_all_or_nothing_and_within_quota(cloud, tenant):
    sdk, project = tenant
    api = Neutron(cloud, sdk.session)
    made = api("POST", "/networks", json={"networks": [{"name": "bulk-a"},
                                                       {"name": "bulk-b", "mtu": 1400}]})
    assert made.status_code == 201, made.text
    networks = made.json()["networks"]
    assert [n["name"] for n in networks] == ["bulk-a", "bulk-b"]
    assert {n["id"] for n in networks} <= _mine(api, "networks")
    assert sdk.network.get_network(networks[1]["id"]).mtu == 1400
    before = _mine(api, "networks")
    # one bad body: nothing is made
    neutron_fault(api("POST", "/networks", json={"networks": [
        {"name": "ok"}, {"name": "bad", "mtu": "big"}]}), 400, "InvalidInput")
    assert _mine(api, "networks") == before
    # the batch goes beyond the quota: none of it is made
    admin = Neutron(cloud, cloud.session())
    used = len([n for n in api("GET", "/networks").json()["networks"]
                if n["project_id"] == project.id])
    assert admin("PUT", f"/quotas/{project.id}",
                 json={"quota": {"network": used + 1}}).status_code == 200
    neutron_fault(api("POST", "/networks", json={"networks": [
        {"name": "fits"}, {"name": "does-not"}]}), 409, "OverQuota")
    assert _mine(api, "networks") == before
    admin("DELETE", f"/quotas/{project.id}")
    neutron_fault(api("POST", "/networks", json={"networks": []}), 400)
    neutron_fault(api("POST", "/networks", json={"networks": [{}], "x": 1}), 400)


def test_bulk_subnets_roll_back_when_one_fails(cloud, tenant):
    sdk, _ = tenant
    api = Neutron(cloud, sdk.session)
    one, two, three = (sdk.network.create_network(name=f"bs-{uuid.uuid4().hex[:4]}")
                       for _ in range(3))
    made = api("POST", "/subnets", json={"subnets": [
        {"network_id": one.id, "cidr": "10.231.0.0/28", "ip_version": 4, "name": "s1"},
        {"network_id": two.id, "cidr": "10.231.0.16/28", "ip_version": 4}]})
    assert made.status_code == 201, made.text
    subnets = made.json()["subnets"]
    assert [s["network_id"] for s in subnets] == [one.id, two.id]
    assert [s["cidr"] for s in subnets] == ["10.231.0.0/28", "10.231.0.16/28"]
    for subnet in subnets:
        assert api("DELETE", f"/subnets/{subnet['id']}").status_code == 204
    # the second overlaps the first only once the first exists: the first goes again
    overlap = api("POST", "/subnets", json={"subnets": [
        {"network_id": one.id, "cidr": "10.231.1.0/24", "ip_version": 4},
        {"network_id": three.id, "cidr": "10.231.1.128/25", "ip_version": 4}]})
    neutron_fault(overlap, 400, "InvalidInput")
    assert sdk.network.get_network(one.id).subnet_ids == []
    assert sdk.network.get_network(three.id).subnet_ids == []
    # a bad body: nothing is made
    neutron_fault(api("POST", "/subnets", json={"subnets": [
        {"network_id": one.id, "cidr": "10.231.2.0/24", "ip_version": 4},
        {"network_id": two.id, "cidr": "10.231.3.0/33", "ip_version": 4}]}), 400)
    assert sdk.network.get_network(one.id).subnet_ids == []


def test_bulk_ports_through_the_sdk_roll_back_when_one_fails(cloud, tenant):
    sdk, project = tenant
    api = Neutron(cloud, sdk.session)
    network = sdk.network.create_network(name="bulk-ports")
    sdk.network.create_subnet(network_id=network.id, cidr="10.232.0.0/29",
                              ip_version=4)
    bare = sdk.network.create_network(name="bulk-ports-bare")
    made = sdk.network.create_ports([
        {"network_id": network.id, "name": "p1"},
        {"network_id": bare.id, "admin_state_up": False}])
    made = list(made)
    assert [p.name for p in made] == ["p1", ""]
    assert made[0].fixed_ips[0]["ip_address"] == "10.232.0.2"
    assert made[1].fixed_ips == [] and made[1].is_admin_state_up is False
    before = _mine(api, "ports")
    assert {p.id for p in made} <= before
    # a /29 has 5 addresses a port may take: 10.232.0.2 is held, so the 5th of
    # these fails and the 4 before it go again
    neutron_fault(api("POST", "/ports", json={"ports": [
        {"network_id": network.id} for _ in range(5)]}), 409,
        "IpAddressGenerationFailure")
    assert _mine(api, "ports") == before


def test_the_administrators_bulk_for_several_projects(cloud, tenant, other_tenant):
    (_, mine), (_, theirs) = tenant, other_tenant
    admin = Neutron(cloud, cloud.session())
    made = admin("POST", "/networks", json={"networks": [
        {"name": "for-a", "project_id": mine.id},
        {"name": "for-b", "tenant_id": theirs.id}]})
    assert made.status_code == 201, made.text
    assert [n["project_id"] for n in made.json()["networks"]] == [mine.id, theirs.id]
    # the second over its project's quota: the first is undone as well
    assert admin("PUT", f"/quotas/{theirs.id}",
                 json={"quota": {"network": 1}}).status_code == 200
    before = _mine(admin, "networks")
    neutron_fault(admin("POST", "/networks", json={"networks": [
        {"name": "a2", "project_id": mine.id},
        {"name": "b2", "project_id": theirs.id}]}), 409, "OverQuota")
    assert _mine(admin, "networks") == before
    admin("DELETE", f"/quotas/{theirs.id}")
