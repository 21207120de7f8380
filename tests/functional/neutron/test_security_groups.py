"""Security groups and rules through the `openstack` CLI, openstacksdk and
raw HTTP to the networking API: the default group with Neutron's rules, the
seed's two rules, ingress and egress rules, the same groups seen through the
compute API's os-security-groups, and Neutron's answers to bad input."""
import json
import uuid

from onestack.network import instance_rules
from onestack.network.wanted import Rule
from tests.support.compute_http import Compute
from tests.support.neutron_http import Neutron, cli_env_for, neutron_fault

NOBODY = "00000000-0000-4000-8000-000000000000"


def _json(cloud, *args, env):
    return json.loads(cloud.cli(*args, "-f", "json", env=env).stdout)


def _env(cloud, tenant):
    project = tenant[1]
    return cli_env_for(cloud, project.name, "pw", project.name)


def _shape(rule: dict) -> tuple:
    return (rule["direction"], rule["ethertype"], rule["protocol"],
            rule["port_range_min"], rule["port_range_max"], rule["remote_ip_prefix"],
            rule["remote_group_id"])


def test_the_default_group_has_neutrons_rules(member_api):
    (default,) = [g for g in member_api("GET", "/security-groups").json()[
        "security_groups"] if g["name"] == "default"]
    assert default["project_id"] == member_api.project_id
    assert sorted(_shape(r) for r in default["security_group_rules"]) == [
        ("egress", "IPv4", None, None, None, None, None),
        ("egress", "IPv6", None, None, None, None, None),
        ("ingress", "IPv4", None, None, None, None, default["id"]),
        ("ingress", "IPv6", None, None, None, None, default["id"])]


def test_the_seeds_rules_through_the_cli(cloud, tenant):
    env = _env(cloud, tenant)
    cloud.cli("security", "group", "rule", "create", "--protocol", "icmp", "default",
              env=env)
    cloud.cli("security", "group", "rule", "create", "--protocol", "tcp",
              "--dst-port", "22", "default", env=env)
    listed = _json(cloud, "security", "group", "rule", "list", "default", env=env)
    seen = {(r["IP Protocol"], r["Port Range"], r["IP Range"], r["Direction"])
            for r in listed}
    assert ("icmp", "", "0.0.0.0/0", "ingress") in seen
    assert ("tcp", "22:22", "0.0.0.0/0", "ingress") in seen
    assert len(listed) == 6     # the seed's two and Neutron's four
    # the compute API shows the same group, its ingress rules in Nova's shape
    sdk = tenant[0]
    group = sdk.network.find_security_group("default", project_id=tenant[1].id)
    compute = Compute(cloud, sdk.session)
    nova = compute("GET", f"/os-security-groups/{group.id}").json()["security_group"]
    assert {(r["ip_protocol"], r["from_port"], r["to_port"], r["ip_range"].get("cidr"))
            for r in nova["rules"]} >= {("icmp", -1, -1, "0.0.0.0/0"),
                                        ("tcp", 22, 22, "0.0.0.0/0")}
    assert all(r["parent_group_id"] == group.id for r in nova["rules"])


def test_a_group_made_here_is_the_compute_apis_and_back(cloud, tenant, member_api):
    env = _env(cloud, tenant)
    name = f"web-{uuid.uuid4().hex[:6]}"
    made = _json(cloud, "security", "group", "create", "--description", "front",
                 name, env=env)
    assert made["name"] == name and made["description"] == "front"
    compute = Compute(cloud, tenant[0].session)
    nova = compute("GET", f"/os-security-groups/{made['id']}").json()["security_group"]
    assert (nova["name"], nova["rules"]) == (name, [])   # egress rules: Neutron's
    added = compute("POST", "/os-security-group-rules", json={"security_group_rule": {
        "parent_group_id": made["id"], "ip_protocol": "tcp", "from_port": 80,
        "to_port": 80, "cidr": "10.0.0.0/8"}}).json()["security_group_rule"]
    rule = member_api("GET", f"/security-group-rules/{added['id']}").json()[
        "security_group_rule"]
    assert _shape(rule) == ("ingress", "IPv4", "tcp", 80, 80, "10.0.0.0/8", None)
    from_group = _json(cloud, "security", "group", "rule", "create", "--protocol",
                       "udp", "--dst-port", "5000:5010", "--remote-group", "default",
                       made["id"], env=env)
    assert (from_group["port_range_min"], from_group["port_range_max"],
            from_group["remote_ip_prefix"]) == (5000, 5010, None)
    nova = compute("GET", f"/os-security-groups/{made['id']}").json()["security_group"]
    assert [(r["ip_protocol"], r["from_port"], r["to_port"], r["group"].get("name"))
            for r in nova["rules"] if r["group"]] == [("udp", 5000, 5010, "default")]
    cloud.cli("security", "group", "set", "--name", f"{name}-2", made["id"], env=env)
    assert compute("GET", f"/os-security-groups/{made['id']}").json()[
        "security_group"]["name"] == f"{name}-2"
    cloud.cli("security", "group", "rule", "delete", added["id"], env=env)
    cloud.cli("security", "group", "delete", made["id"], env=env)
    assert compute("GET", f"/os-security-groups/{made['id']}").status_code == 404


def test_egress_rules_reach_the_host_state(cloud, image_id, tenant, member_api):
    env = _env(cloud, tenant)
    name = f"out-{uuid.uuid4().hex[:6]}"
    group = _json(cloud, "security", "group", "create", name, env=env)
    for rule in group_rules(member_api, group["id"]):
        member_api("DELETE", f"/security-group-rules/{rule['id']}")
    cloud.cli("security", "group", "rule", "create", "--egress", "--protocol", "tcp",
              "--dst-port", "443", "--remote-ip", "192.0.2.0/24", name, env=env)
    cloud.cli("security", "group", "rule", "create", "--ingress", "--protocol", "tcp",
              "--dst-port", "22", name, env=env)
    server = _json(cloud, "server", "create", "--flavor", "m1.tiny", "--image",
                   image_id, "--security-group", name, "--wait", "guarded", env=env)
    wanted = instance_rules.rules_for_host_state([server["id"]]).by_instance[
        server["id"]]
    assert wanted.group_uuids == (group["id"],)
    assert wanted.egress == (Rule("egress", "tcp", 443, 443, ("192.0.2.0/24",)),)
    assert wanted.ingress == (Rule("ingress", "tcp", 22, 22, None),)  # from anywhere
    cloud.cli("server", "delete", "--wait", server["id"], env=env)


def group_rules(api, group_id):
    return api("GET", f"/security-group-rules?security_group_id={group_id}").json()[
        "security_group_rules"]


def test_bad_rules_answer_in_neutrons_words(member_api):
    group = member_api("POST", "/security-groups", json={"security_group": {
        "name": f"bad-{uuid.uuid4().hex[:6]}"}}).json()["security_group"]

    def rule(**values):
        return member_api("POST", "/security-group-rules", json={"security_group_rule": {
            "security_group_id": group["id"], "direction": "ingress", **values}})
    neutron_fault(rule(protocol="tcp", port_range_min=100, port_range_max=90), 400,
                  "SecurityGroupInvalidPortRange")
    neutron_fault(rule(protocol="bogus"), 400, "SecurityGroupRuleInvalidProtocol")
    neutron_fault(rule(protocol=300), 400, "SecurityGroupRuleInvalidProtocol")
    neutron_fault(rule(port_range_min=22, port_range_max=22), 400,
                  "SecurityGroupProtocolRequiredWithPorts")
    neutron_fault(rule(protocol="tcp", port_range_min=0, port_range_max=22), 400,
                  "SecurityGroupInvalidPortValue")
    neutron_fault(rule(protocol="tcp", port_range_min=1, port_range_max=70000), 400,
                  "SecurityGroupInvalidPortValue")
    neutron_fault(rule(protocol="icmp", port_range_max=3), 400,
                  "SecurityGroupMissingIcmpType")
    neutron_fault(rule(protocol="gre", port_range_min=1, port_range_max=2), 400,
                  "SecurityGroupInvalidProtocolForPort")
    neutron_fault(rule(remote_ip_prefix="10.0.0.0/33"), 400, "InvalidInput")
    neutron_fault(rule(remote_ip_prefix="fd00::/8"), 400,
                  "SecurityGroupRuleParameterConflict")
    neutron_fault(rule(remote_ip_prefix="10.0.0.0/8", remote_group_id=group["id"]),
                  400, "SecurityGroupRemoteGroupAndRemoteIpPrefix")
    neutron_fault(rule(direction="sideways"), 400, "InvalidInput")
    neutron_fault(rule(ethertype="IPv5"), 400, "InvalidInput")
    neutron_fault(rule(ethertype="IPv4", protocol="icmpv6"), 400,
                  "SecurityGroupEthertypeConflictWithProtocol")
    neutron_fault(rule(remote_group_id=NOBODY), 404, "SecurityGroupNotFound")
    neutron_fault(rule(security_group_id=NOBODY), 404, "SecurityGroupNotFound")
    neutron_fault(rule(bogus_attribute=1), 400, "InvalidInput")
    made = rule(protocol="6", port_range_min=22, port_range_max=22,
                remote_ip_prefix="10.1.2.3/16")
    assert made.status_code == 201, made.text
    body = made.json()["security_group_rule"]
    assert (body["protocol"], body["remote_ip_prefix"]) == ("6", "10.1.0.0/16")
    message = neutron_fault(rule(protocol="6", port_range_min=22, port_range_max=22,
                                 remote_ip_prefix="10.1.0.0/16"), 409,
                            "SecurityGroupRuleExists")
    assert body["id"] in message
    # nothing half-made: the group has Neutron's two rules and the one made
    assert len(group_rules(member_api, group["id"])) == 3


def test_group_conflicts(member_api):
    groups = member_api("GET", "/security-groups").json()["security_groups"]
    (default,) = [g for g in groups if g["name"] == "default"]
    neutron_fault(member_api("POST", "/security-groups", json={"security_group": {
        "name": "default"}}), 409, "SecurityGroupDefaultAlreadyExists")
    neutron_fault(member_api("PUT", f"/security-groups/{default['id']}", json={
        "security_group": {"name": "renamed"}}), 409,
        "SecurityGroupCannotUpdateDefault")
    neutron_fault(member_api("DELETE", f"/security-groups/{default['id']}"), 409,
                  "SecurityGroupCannotRemoveDefault")
    neutron_fault(member_api("GET", f"/security-groups/{NOBODY}"), 404,
                  "SecurityGroupNotFound")
    neutron_fault(member_api("DELETE", f"/security-group-rules/{NOBODY}"), 404,
                  "SecurityGroupRuleNotFound")
    neutron_fault(member_api("POST", "/security-groups", json={"security_group": {
        "name": "x", "stateful": False}}), 400, "InvalidInput")


def test_a_group_in_use_is_409(cloud, image_id, tenant, member_api):
    env = _env(cloud, tenant)
    name = f"used-{uuid.uuid4().hex[:6]}"
    group = _json(cloud, "security", "group", "create", name, env=env)
    server = _json(cloud, "server", "create", "--flavor", "m1.tiny", "--image",
                   image_id, "--security-group", name, "--wait", "user", env=env)
    neutron_fault(member_api("DELETE", f"/security-groups/{group['id']}"), 409,
                  "SecurityGroupInUse")
    cloud.cli("server", "delete", "--wait", server["id"], env=env)
    assert member_api("DELETE", f"/security-groups/{group['id']}").status_code == 204


def test_another_projects_groups_are_not_found(cloud, tenant, other_tenant,
                                               member_api):
    theirs = Neutron(cloud, other_tenant[0].session)
    secret = theirs("POST", "/security-groups", json={"security_group": {
        "name": "secret"}}).json()["security_group"]
    (rule,) = [r for r in secret["security_group_rules"] if r["ethertype"] == "IPv4"]
    assert secret["id"] not in {g["id"] for g in member_api(
        "GET", "/security-groups").json()["security_groups"]}
    assert rule["id"] not in {r["id"] for r in member_api(
        "GET", "/security-group-rules").json()["security_group_rules"]}
    neutron_fault(member_api("GET", f"/security-groups/{secret['id']}"), 404,
                  "SecurityGroupNotFound")
    neutron_fault(member_api("DELETE", f"/security-groups/{secret['id']}"), 404,
                  "SecurityGroupNotFound")
    neutron_fault(member_api("GET", f"/security-group-rules/{rule['id']}"), 404,
                  "SecurityGroupRuleNotFound")
    neutron_fault(member_api("POST", "/security-group-rules", json={
        "security_group_rule": {"security_group_id": secret["id"],
                                "direction": "ingress"}}), 404,
        "SecurityGroupNotFound")
    mine = member_api("POST", "/security-groups", json={"security_group": {
        "name": "mine"}}).json()["security_group"]
    neutron_fault(member_api("POST", "/security-group-rules", json={
        "security_group_rule": {"security_group_id": mine["id"], "direction": "ingress",
                                "remote_group_id": secret["id"]}}), 404,
        "SecurityGroupNotFound")


def test_the_admin_adds_a_rule_to_a_projects_group(admin_api, member_api):
    group = member_api("POST", "/security-groups", json={"security_group": {
        "name": f"adm-{uuid.uuid4().hex[:6]}"}}).json()["security_group"]
    made = admin_api("POST", "/security-group-rules", json={"security_group_rule": {
        "security_group_id": group["id"], "direction": "egress", "protocol": "udp",
        "port_range_min": 53, "port_range_max": 53}})
    assert made.status_code == 201, made.text
    assert made.json()["security_group_rule"]["project_id"] == member_api.project_id
    neutron_fault(admin_api("POST", "/security-group-rules", json={
        "security_group_rule": {"security_group_id": group["id"],
                                "direction": "egress", "project_id": NOBODY}}), 400)
