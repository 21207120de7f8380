"""Security groups and their rules through openstacksdk's compute layer (the
catalog has no network service, so it uses /os-security-groups) and raw
HTTP: the seed's rules, Nova's checks and messages, quotas, isolation."""
from __future__ import annotations

import uuid

import pytest

from tests.support.compute_http import Compute, fault

NOBODY = "00000000-0000-4000-8000-000000000000"


class Tenant:
    """A project of its own with a member user: raw HTTP (api) and the SDK."""

    def __init__(self, cloud):
        admin = cloud.sdk()
        self.name = f"sg-{uuid.uuid4().hex[:8]}"
        self.project = admin.identity.create_project(name=self.name,
                                                     domain_id="default")
        user = admin.identity.create_user(name=self.name, password="pw",
                                          domain_id="default")
        admin.identity.assign_project_role_to_user(self.project, user,
                                                   admin.identity.find_role("member"))
        self.api = Compute(cloud, cloud.session(self.name, "pw", self.name))
        self.sdk = cloud.sdk(self.name, "pw", self.name)

    def group(self, name: str, description: str = "made by a test") -> dict:
        reply = self.api("POST", "/os-security-groups", json={"security_group": {
            "name": name, "description": description}})
        assert reply.status_code == 200, reply.text
        return reply.json()["security_group"]

    def rule(self, **rule):
        return self.api("POST", "/os-security-group-rules",
                        json={"security_group_rule": rule})


@pytest.fixture
def tenant(cloud):
    return Tenant(cloud)


@pytest.fixture
def admin(cloud):
    return Compute(cloud, cloud.session())


def test_the_seeds_rules_on_the_default_group_through_the_sdk(tenant):
    sdk = tenant.sdk
    default = sdk.get_security_group("default")
    assert default is not None and default["description"] == "default"
    sdk.create_security_group_rule("default", port_range_min=-1, port_range_max=-1,
                                   protocol="icmp", remote_ip_prefix="0.0.0.0/0")
    sdk.create_security_group_rule("default", port_range_min=22, port_range_max=22,
                                   protocol="tcp", remote_ip_prefix="0.0.0.0/0")
    rules = sdk.get_security_group("default")["security_group_rules"]
    seen = {(r["protocol"], r["port_range_min"], r["port_range_max"],
             r["remote_ip_prefix"]) for r in rules}
    assert {("icmp", None, None, "0.0.0.0/0"), ("tcp", 22, 22, "0.0.0.0/0")} <= seen
    # the same group in Nova's own shape, with its rule from its own members
    shown = tenant.api("GET", f"/os-security-groups/{default['id']}").json()
    nova_rules = {(r["ip_protocol"], r["from_port"], r["to_port"],
                   r["ip_range"].get("cidr"), r["group"].get("name"))
                  for r in shown["security_group"]["rules"]}
    assert nova_rules == {("icmp", -1, -1, "0.0.0.0/0", None),
                          ("tcp", 22, 22, "0.0.0.0/0", None),
                          (None, None, None, None, "default")}
    assert all(r["parent_group_id"] == default["id"]
               for r in shown["security_group"]["rules"])


def test_a_project_has_one_default_group_made_on_first_use(tenant):
    listed = [tenant.api("GET", "/os-security-groups").json()["security_groups"]
              for _ in range(2)]
    assert [[g["name"] for g in groups] for groups in listed] == [["default"]] * 2
    assert listed[0][0]["tenant_id"] == tenant.project.id


def test_groups_are_made_renamed_and_deleted_through_the_sdk(tenant):
    sdk = tenant.sdk
    made = sdk.create_security_group(" web servers ", "the front")
    assert made["name"] == " web servers "   # spaces kept, as Nova keeps them
    sdk.update_security_group(made["id"], name="web", description="renamed")
    shown = sdk.get_security_group(made["id"])
    assert (shown["name"], shown["description"]) == ("web", "renamed")
    assert {g["name"] for g in sdk.list_security_groups()} == {"default", "web"}
    assert sdk.delete_security_group("web") is True
    assert sdk.get_security_group("web") is None


@pytest.mark.parametrize("body, message", [
    ({"name": "", "description": "d"}, "Security group name cannot be empty."),
    ({"name": "   ", "description": "d"}, "Security group name cannot be empty."),
    ({"name": "x" * 256, "description": "d"}, "is too long"),
    ({"name": "ok", "description": "x" * 256}, "is too long"),
    ({"name": "ok"}, "'description' is a required property"),
    ({"name": "bad\x07name", "description": "d"}, "does not match"),
])
def test_bad_groups_are_400(tenant, body, message):
    reply = tenant.api("POST", "/os-security-groups", json={"security_group": body})
    assert message in fault(reply, 400)


def test_names_are_unique_in_a_project_and_default_is_the_systems(tenant):
    web = tenant.group("web")
    assert fault(tenant.api("POST", "/os-security-groups", json={"security_group": {
        "name": "web", "description": "again"}}), 400) == \
        "Security group web already exists"
    default = tenant.sdk.get_security_group("default")
    assert fault(tenant.api("DELETE", f"/os-security-groups/{default['id']}"), 400) == \
        "Unable to delete system group 'default'"
    assert fault(tenant.api("PUT", f"/os-security-groups/{default['id']}", json={
        "security_group": {"name": "mine", "description": "d"}}), 400) == \
        "Unable to update system group 'default'"
    renamed = tenant.api("PUT", f"/os-security-groups/{web['id']}", json={
        "security_group": {"name": "default", "description": "d"}})
    assert fault(renamed, 400) == "Security group default already exists"


def test_a_name_where_an_id_is_expected_is_not_found(tenant):
    tenant.group("named")
    for method in ("GET", "DELETE"):
        for name in ("default", "named", "12345", NOBODY):
            assert fault(tenant.api(method, f"/os-security-groups/{name}"), 404)
    body = {"security_group": {"name": "n", "description": "d"}}
    assert fault(tenant.api("PUT", "/os-security-groups/named", json=body), 400) == \
        "Security group id should be uuid"
    assert fault(tenant.api("PUT", "/os-security-groups/12345", json=body), 404)


@pytest.mark.parametrize("rule, message", [
    ({"ip_protocol": "tcp", "from_port": 22, "to_port": 21},
     "Invalid port range 22:21. Former value cannot be greater than the later"),
    ({"ip_protocol": "tcp", "from_port": 0, "to_port": 22},
     "Invalid port range 0:22. Valid TCP ports should be between 1-65535"),
    ({"ip_protocol": "udp", "from_port": 1, "to_port": 65536},
     "Invalid port range 1:65536. Valid UDP ports should be between 1-65535"),
    ({"ip_protocol": "icmp", "from_port": 256, "to_port": -1},
     "Invalid port range 256:-1. For ICMP, the type:code must be valid"),
    ({"ip_protocol": "tcp", "from_port": "http", "to_port": 80},
     "To and From ports must be integers"),
    ({"ip_protocol": "icmp", "from_port": "echo", "to_port": -1},
     "Type and Code must be integers for ICMP protocol type"),
    ({"ip_protocol": "gre", "from_port": 1, "to_port": 2}, "Invalid IP protocol gre."),
    ({"ip_protocol": "tcp"}, "Not enough parameters to build a valid rule."),
    ({"from_port": 1, "to_port": 2}, "Not enough parameters to build a valid rule."),
    ({"ip_protocol": "tcp", "from_port": 1, "to_port": 2, "cidr": "10.0.0.300/8"},
     "Invalid cidr 10.0.0.300/8."),
    ({"ip_protocol": "tcp", "from_port": 1, "to_port": 2, "cidr": "10.0.0.1"},
     "Invalid cidr 10.0.0.1."),
    ({"ip_protocol": "tcp", "from_port": 1, "to_port": 2, "cidr": "10.1.0.0/0"},
     "Bad prefix for network in cidr 10.1.0.0/0"),
    ({"ip_protocol": "tcp", "from_port": 1, "to_port": 2, "cidr": 10},
     "is not of type"),
])
def test_invalid_rules_are_400_with_nova_messages(tenant, rule, message):
    group = tenant.group("strict")
    reply = tenant.rule(parent_group_id=group["id"], **rule)
    assert message in fault(reply, 400)
    assert tenant.api("GET", f"/os-security-groups/{group['id']}").json()[
        "security_group"]["rules"] == []


def test_rules_from_a_cidr_and_from_a_source_group(tenant):
    web, db = tenant.group("web"), tenant.group("db")
    cidr = tenant.rule(parent_group_id=web["id"], ip_protocol="TCP", from_port="80",
                       to_port=80, cidr="10.1.2.3/16")
    assert cidr.status_code == 200, cidr.text
    assert cidr.json()["security_group_rule"] == {
        "id": cidr.json()["security_group_rule"]["id"], "parent_group_id": web["id"],
        "ip_protocol": "tcp", "from_port": 80, "to_port": 80, "group": {},
        "ip_range": {"cidr": "10.1.2.3/16"}}
    from_web = tenant.rule(parent_group_id=db["id"], group_id=web["id"],
                           ip_protocol="tcp").json()["security_group_rule"]
    assert (from_web["from_port"], from_web["to_port"], from_web["ip_range"]) == \
        (1, 65535, {})
    assert from_web["group"] == {"name": "web", "tenant_id": tenant.project.id}
    assert "This rule already exists in group" in fault(tenant.rule(
        parent_group_id=db["id"], group_id=web["id"], ip_protocol="tcp"), 400)
    # deleting the source group takes the rules naming it along
    assert tenant.api("DELETE", f"/os-security-groups/{web['id']}").status_code == 202
    assert tenant.api("GET", f"/os-security-groups/{db['id']}").json()[
        "security_group"]["rules"] == []


def test_a_rule_is_deleted_once(tenant):
    group = tenant.group("once")
    rule = tenant.rule(parent_group_id=group["id"], ip_protocol="udp", from_port=53,
                       to_port=53).json()["security_group_rule"]
    assert rule["ip_range"] == {"cidr": "0.0.0.0/0"}
    assert tenant.sdk.delete_security_group_rule(rule["id"]) is True
    assert fault(tenant.api("DELETE", f"/os-security-group-rules/{rule['id']}"),
                 404) == f"Rule ({rule['id']}) not found"


@pytest.mark.parametrize("parent, status", [
    ("not-a-group", 400), (999999, 404), (NOBODY, 404)])
def test_a_rule_needs_a_parent_group_of_the_callers(tenant, parent, status):
    fault(tenant.rule(parent_group_id=parent, ip_protocol="tcp", from_port=22,
                      to_port=22), status)


def test_security_group_quota_is_exact_and_shown(cloud, admin, tenant):
    project = tenant.project.id
    admin("PUT", f"/os-quota-sets/{project}", json={"quota_set": {
        "security_groups": 3}})
    tenant.group("one")   # with default: two of three
    limits = tenant.api("GET", "/limits").json()["limits"]["absolute"]
    assert (limits["maxSecurityGroups"], limits["totalSecurityGroupsUsed"]) == (3, 2)
    tenant.group("two")
    assert "Quota exceeded for security_groups" in fault(
        tenant.api("POST", "/os-security-groups", json={"security_group": {
            "name": "three", "description": "d"}}), 403)
    detail = admin("GET", f"/os-quota-sets/{project}/detail").json()["quota_set"]
    assert detail["security_groups"] == {"limit": 3, "in_use": 3, "reserved": 0}
    assert "security_groups" not in admin(
        "GET", f"/os-quota-sets/{project}", "2.36").json()["quota_set"]
    one = tenant.sdk.get_security_group("one")
    tenant.api("DELETE", f"/os-security-groups/{one['id']}")
    tenant.group("three")


def test_rule_quota_counts_per_group(admin, tenant):
    admin("PUT", f"/os-quota-sets/{tenant.project.id}", json={"quota_set": {
        "security_group_rules": 2}})
    first, second = tenant.group("first"), tenant.group("second")
    for port in (22, 80):
        assert tenant.rule(parent_group_id=first["id"], ip_protocol="tcp",
                           from_port=port, to_port=port).status_code == 200
    assert "Quota exceeded for security_group_rules" in fault(tenant.rule(
        parent_group_id=first["id"], ip_protocol="tcp", from_port=443, to_port=443),
        403)
    assert tenant.rule(parent_group_id=second["id"], ip_protocol="tcp",
                       from_port=443, to_port=443).status_code == 200
    assert tenant.api("GET", "/limits").json()["limits"]["absolute"][
        "maxSecurityGroupRules"] == 2


def test_another_projects_groups_are_invisible_and_untouchable(cloud, admin, tenant):
    theirs = Tenant(cloud)
    secret = theirs.group("secret")
    mine = tenant.group("mine")
    assert secret["id"] not in {g["id"] for g in tenant.api(
        "GET", "/os-security-groups?all_tenants=1").json()["security_groups"]}
    body = {"security_group": {"name": "taken", "description": "d"}}
    for method, kwargs in (("GET", {}), ("DELETE", {}), ("PUT", {"json": body})):
        mine_reply = tenant.api(method, f"/os-security-groups/{secret['id']}", **kwargs)
        none_reply = tenant.api(method, f"/os-security-groups/{NOBODY}", **kwargs)
        assert mine_reply.status_code == none_reply.status_code == 404
        assert mine_reply.text.replace(secret["id"], "X") == \
            none_reply.text.replace(NOBODY, "X")
    fault(tenant.rule(parent_group_id=secret["id"], ip_protocol="tcp", from_port=1,
                      to_port=2), 404)
    assert fault(tenant.rule(parent_group_id=mine["id"], group_id=secret["id"],
                             ip_protocol="tcp"), 404) == \
        f"Security group {secret['id']} not found."
    rule = theirs.rule(parent_group_id=secret["id"], ip_protocol="tcp", from_port=1,
                       to_port=2).json()["security_group_rule"]
    fault(tenant.api("DELETE", f"/os-security-group-rules/{rule['id']}"), 404)
    # the admin sees every project's, and may not mix projects in a rule
    every = admin("GET", "/os-security-groups?all_tenants=1").json()["security_groups"]
    assert {secret["id"], mine["id"]} <= {g["id"] for g in every}
    assert "is not of project" in fault(admin(
        "POST", "/os-security-group-rules", json={"security_group_rule": {
            "parent_group_id": mine["id"], "group_id": secret["id"],
            "ip_protocol": "tcp"}}), 400)
    assert theirs.api("GET", f"/os-security-groups/{secret['id']}").json()[
        "security_group"]["rules"] == [rule]


def test_these_apis_answer_at_the_newest_microversion(tenant):
    group = tenant.api("GET", "/os-security-groups", "latest")
    assert group.status_code == 200 and group.json()["security_groups"]
