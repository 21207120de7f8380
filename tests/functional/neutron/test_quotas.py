"""Networking quotas through the `openstack` CLI, openstacksdk and raw HTTP:
Neutron's names over the compute API's quota engine, so that a limit set
through one API is the other's; usage in /details; what a member may see."""
import concurrent.futures
import json

from tests.support.compute_http import Compute
from tests.support.neutron_http import Neutron, cli_env_for, neutron_fault

NAMES = {"network", "subnet", "port", "router", "floatingip", "security_group",
         "security_group_rule"}


def test_show_set_and_reset_through_both_apis(cloud, tenant):
    sdk, project = tenant
    admin = Neutron(cloud, cloud.session())
    compute = Compute(cloud, cloud.session())
    shown = admin("GET", f"/quotas/{project.id}").json()["quota"]
    assert set(shown) == NAMES
    assert (shown["floatingip"], shown["security_group"],
            shown["security_group_rule"]) == (10, 10, 20)
    assert admin("GET", f"/quotas/{project.id}/default").json()["quota"] == shown
    cloud.cli("quota", "set", "--floating-ips", "3", "--secgroups", "4",
              "--routers", "2", "--networks", "5", project.id)
    assert admin("GET", f"/quotas/{project.id}").json()["quota"] | {} == {
        **shown, "floatingip": 3, "security_group": 4, "router": 2, "network": 5}
    nova = compute("GET", f"/os-quota-sets/{project.id}", "2.35").json()["quota_set"]
    assert (nova["floating_ips"], nova["security_groups"]) == (3, 4)
    compute("PUT", f"/os-quota-sets/{project.id}", "2.35", json={"quota_set": {
        "security_group_rules": 7}})
    assert sdk.network.get_quota(project.id).security_group_rules == 7
    listed = admin("GET", "/quotas").json()["quotas"]
    assert {q["project_id"] for q in listed} >= {project.id}
    rows = json.loads(cloud.cli("quota", "list", "--network", "-f", "json").stdout)
    assert {"Project ID": project.id, "Floating IPs": 3, "Networks": 5,
            "Routers": 2, "Security Groups": 4}.items() <= next(
        row for row in rows if row["Project ID"] == project.id).items()
    assert admin("DELETE", f"/quotas/{project.id}").status_code == 204
    assert admin("GET", f"/quotas/{project.id}").json()["quota"] == shown


def test_details_count_what_the_project_holds(cloud, tenant):
    sdk, project = tenant
    member = Neutron(cloud, sdk.session)
    member("GET", "/security-groups")     # the default group, made on first use
    group = member("POST", "/security-groups", json={"security_group": {
        "name": "counted"}}).json()["security_group"]
    member("POST", "/security-group-rules", json={"security_group_rule": {
        "security_group_id": group["id"], "direction": "ingress", "protocol": "tcp",
        "port_range_min": 22, "port_range_max": 22}})
    network = member("POST", "/networks", json={"network": {"name": "q"}}).json()[
        "network"]
    member("POST", "/subnets", json={"subnet": {
        "network_id": network["id"], "ip_version": 4, "cidr": "10.243.0.0/28"}})
    member("POST", "/ports", json={"port": {"network_id": network["id"]}})
    member("POST", "/routers", json={"router": {"name": "q"}})
    details = member("GET", f"/quotas/{project.id}/details").json()["quota"]
    assert set(details) == NAMES
    assert {name: details[name]["used"] for name in (
        "network", "subnet", "port", "router", "floatingip")} == {
        "network": 1, "subnet": 1, "port": 1, "router": 1, "floatingip": 0}
    assert details["security_group"] == {"limit": 10, "used": 2, "reserved": 0}
    # the default group's rules from its members, and the one made; the open
    # egress rules every group starts with are not counted
    assert details["security_group_rule"]["used"] == 3
    env = cli_env_for(cloud, project.name, "pw", project.name)
    usage = json.loads(cloud.cli("quota", "show", "--usage", "--network", "-f", "json",
                                 env=env).stdout)
    rows = {row["Resource"]: row for row in usage}
    assert (rows["security_groups"]["In Use"], rows["security_groups"]["Limit"]) == (
        2, 10)
    assert rows["security_group_rules"]["In Use"] == 3
    # check_limit (quota-check-limit) refuses a limit below the usage
    admin = Neutron(cloud, cloud.session())
    neutron_fault(admin("PUT", f"/quotas/{project.id}", json={"quota": {
        "security_group": 1, "check_limit": True}}), 400)
    assert admin("PUT", f"/quotas/{project.id}", json={"quota": {
        "security_group": 1}}).json()["quota"]["security_group"] == 1


def test_over_quota_is_409(cloud, tenant):
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "198.51.100.200/30",
                                     "pool": "quota-pool"}})
    sdk, project = tenant
    admin = Neutron(cloud, cloud.session())
    member = Neutron(cloud, sdk.session)
    member("GET", "/security-groups")
    admin("PUT", f"/quotas/{project.id}", json={"quota": {"security_group": 1}})
    neutron_fault(member("POST", "/security-groups", json={"security_group": {
        "name": "one-too-many"}}), 409, "OverQuota")
    admin("PUT", f"/quotas/{project.id}", json={"quota": {"floatingip": 0}})
    pool = cloud.sdk().network.find_network("quota-pool")
    neutron_fault(member("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": pool.id}}), 409, "OverQuota")


def test_subnets_and_routers_are_held_to_their_quotas(cloud, tenant):
    sdk, project = tenant
    admin = Neutron(cloud, cloud.session())
    member = Neutron(cloud, sdk.session)
    admin("PUT", f"/quotas/{project.id}", json={"quota": {"subnet": 1, "router": 1}})
    first, second = (member("POST", "/networks", json={"network": {
        "name": f"q-{index}"}}).json()["network"]["id"] for index in range(2))
    assert member("POST", "/subnets", json={"subnet": {
        "network_id": first, "ip_version": 4, "cidr": "10.244.0.0/28"}}).status_code == 201
    message = neutron_fault(member("POST", "/subnets", json={"subnet": {
        "network_id": second, "ip_version": 4, "cidr": "10.244.0.16/28"}}), 409, "OverQuota")
    assert message == "Quota exceeded for resources: ['subnet']."
    assert member("GET", f"/networks/{second}").json()["network"]["subnets"] == []
    assert member("GET", "/subnets?cidr=10.244.0.16/28").json()["subnets"] == []
    router = member("POST", "/routers", json={"router": {"name": "r1"}}).json()["router"]
    message = neutron_fault(member("POST", "/routers", json={"router": {
        "name": "r2"}}), 409, "OverQuota")
    assert message == "Quota exceeded for resources: ['router']."
    assert [r["name"] for r in member("GET", "/routers").json()["routers"]] == ["r1"]
    details = member("GET", f"/quotas/{project.id}/details").json()["quota"]
    assert (details["subnet"], details["router"]) == (
        {"limit": 1, "used": 1, "reserved": 0}, {"limit": 1, "used": 1, "reserved": 0})
    assert member("DELETE", f"/routers/{router['id']}").status_code == 204
    assert member("POST", "/routers", json={"router": {"name": "r3"}}).status_code == 201
    admin("PUT", f"/quotas/{project.id}", json={"quota": {"subnet": -1}})
    assert member("POST", "/subnets", json={"subnet": {
        "network_id": second, "ip_version": 4, "cidr": "10.244.0.16/28"}}).status_code == 201


def test_concurrent_router_creates_stop_at_the_quota(cloud, tenant):
    sdk, project = tenant
    Neutron(cloud, cloud.session())("PUT", f"/quotas/{project.id}",
                                    json={"quota": {"router": 3}})
    member = Neutron(cloud, sdk.session)
    member("GET", "/routers")   # the token, before the threads share the session
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda index: member("POST", "/routers", json={
            "router": {"name": f"c{index}"}}).status_code, range(8)))
    assert sorted(codes) == [201] * 3 + [409] * 5
    assert len(member("GET", "/routers").json()["routers"]) == 3


def test_bad_input_and_personas(cloud, tenant, other_tenant):
    sdk, project = tenant
    admin = Neutron(cloud, cloud.session())
    member = Neutron(cloud, sdk.session)
    for body in ({"quota": {"bogus": 1}}, {"quota": {"network": -2}},
                 {"quota": {"network": "many"}}, {"quota": {"network": True}},
                 {"quota": []}, {"nothing": {}}):
        neutron_fault(admin("PUT", f"/quotas/{project.id}", json=body), 400)
    assert admin("GET", f"/quotas/{project.id}").json()["quota"]["network"] == 3
    assert member("GET", f"/quotas/{project.id}").status_code == 200
    neutron_fault(member("PUT", f"/quotas/{project.id}", json={"quota": {
        "network": 50}}), 403)
    neutron_fault(member("DELETE", f"/quotas/{project.id}"), 403)
    neutron_fault(member("GET", "/quotas"), 403)
    stranger = other_tenant[1].id
    for path in (f"/quotas/{stranger}", f"/quotas/{stranger}/details"):
        neutron_fault(member("GET", path), 403)
