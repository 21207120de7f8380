"""os-quota-sets and /limits through novaclient, openstacksdk, the CLI and raw HTTP."""
import json

import pytest
from novaclient import client as nova_client

from tests.functional.compute_catalog.support import fault, unique

NETWORK_QUOTAS = {"fixed_ips", "floating_ips", "security_groups", "security_group_rules"}
FILE_QUOTAS = {"injected_files", "injected_file_content_bytes",
               "injected_file_path_bytes"}
CORE_QUOTAS = {"instances", "cores", "ram", "metadata_items", "key_pairs",
               "server_groups", "server_group_members"}


def test_defaults_and_show_per_microversion(cloud, admin, tenant):
    path = f"/os-quota-sets/{tenant.project.id}"
    old = admin("GET", path).json()["quota_set"]
    assert set(old) == {"id"} | CORE_QUOTAS | NETWORK_QUOTAS | FILE_QUOTAS
    assert old["id"] == tenant.project.id
    assert (old["instances"], old["cores"], old["ram"], old["key_pairs"]) == \
        (10, 20, 51200, 100)
    assert (old["floating_ips"], old["fixed_ips"], old["security_groups"],
            old["security_group_rules"]) == (10, -1, 10, 20)
    assert set(admin("GET", path, "2.36").json()["quota_set"]) == \
        {"id"} | CORE_QUOTAS | FILE_QUOTAS
    assert set(admin("GET", path, "2.79").json()["quota_set"]) == {"id"} | CORE_QUOTAS
    defaults = tenant.api("GET", path + "/defaults", "2.79").json()["quota_set"]
    assert defaults == {"id": tenant.project.id, "instances": 10, "cores": 20,
                        "ram": 51200, "metadata_items": 128, "key_pairs": 100,
                        "server_groups": 10, "server_group_members": 10}
    assert tenant.api("GET", path).json() == admin("GET", path).json()


def test_update_and_reset_as_admin_with_novaclient(cloud, tenant):
    nova = nova_client.Client("2.79", session=cloud.session())
    updated = nova.quotas.update(tenant.project.id, instances=3, cores=-1, ram="2048")
    assert (updated.instances, updated.cores, updated.ram) == (3, -1, 2048)
    shown = nova.quotas.get(tenant.project.id)
    assert (shown.instances, shown.server_groups) == (3, 10)
    nova.quotas.delete(tenant.project.id)
    assert nova.quotas.get(tenant.project.id).instances == 10


def test_update_response_has_no_id(admin, tenant):
    put = admin("PUT", f"/os-quota-sets/{tenant.project.id}", "2.79",
                json={"quota_set": {"server_groups": 4, "force": "true"}})
    assert put.status_code == 200
    assert "id" not in put.json()["quota_set"] and put.json()["quota_set"][
        "server_groups"] == 4
    assert admin("DELETE", f"/os-quota-sets/{tenant.project.id}").status_code == 202


def test_member_may_read_own_but_not_change_or_read_others(admin, member, tenant):
    fault(tenant.api("PUT", f"/os-quota-sets/{tenant.project.id}",
                     json={"quota_set": {"instances": 50}}), 403)
    fault(tenant.api("DELETE", f"/os-quota-sets/{tenant.project.id}"), 403)
    fault(tenant.api("GET", f"/os-quota-sets/{member.project_id}"), 403)
    fault(tenant.api("GET", f"/os-quota-sets/{member.project_id}/detail"), 403)
    assert tenant.api("GET", f"/os-quota-sets/{tenant.project.id}/detail").ok


def test_detail_counts_usage_and_refuses_limits_below_it(admin, tenant):
    group = tenant.api("POST", "/os-server-groups", json={"server_group": {
        "name": unique("g"), "policies": ["affinity"]}})
    assert group.ok, group.text
    tenant.api("POST", "/os-keypairs", json={"keypair": {"name": unique("k")}})
    path = f"/os-quota-sets/{tenant.project.id}"
    own = tenant.api("GET", path + "/detail", "2.79").json()["quota_set"]
    assert own["server_groups"] == {"limit": 10, "in_use": 1, "reserved": 0}
    assert own["key_pairs"]["in_use"] == 1 and own["instances"]["in_use"] == 0
    assert set(own) == {"id"} | CORE_QUOTAS
    message = fault(admin("PUT", path, json={"quota_set": {"server_groups": 0}}), 400)
    assert "must be greater than or equal to already used" in message
    forced = admin("PUT", path, json={"quota_set": {"server_groups": 0, "force": True}})
    assert forced.json()["quota_set"]["server_groups"] == 0
    assert "server_groups" in fault(tenant.api("POST", "/os-server-groups", json={
        "server_group": {"name": unique("g"), "policies": ["affinity"]}}), 403)
    admin("DELETE", path)
    tenant.api("DELETE", f"/os-server-groups/{group.json()['server_group']['id']}")
    after = tenant.api("GET", path + "/detail").json()["quota_set"]
    assert after["server_groups"]["in_use"] == 0


def test_user_quotas(admin, tenant):
    path = f"/os-quota-sets/{tenant.project.id}"
    user = f"?user_id={tenant.user.id}"
    admin("PUT", path, json={"quota_set": {"key_pairs": 5}})
    message = fault(admin("PUT", path + user, json={"quota_set": {"key_pairs": 6}}), 400)
    assert "must be less than or equal to 5" in message
    put = admin("PUT", path + user, json={"quota_set": {"key_pairs": 2}})
    assert put.json()["quota_set"]["key_pairs"] == 2
    assert admin("GET", path + user).json()["quota_set"]["key_pairs"] == 2
    assert admin("GET", path).json()["quota_set"]["key_pairs"] == 5
    admin("DELETE", path + user)
    assert admin("GET", path + user).json()["quota_set"]["key_pairs"] == 5
    admin("PUT", path + user, json={"quota_set": {"key_pairs": 1}})
    admin("DELETE", path)  # resets the project and its users
    assert admin("GET", path + user).json()["quota_set"]["key_pairs"] == 100


@pytest.mark.parametrize("body", [
    {}, {"quota_set": {"instances": "abc"}}, {"quota_set": {"instances": -2}},
    {"quota_set": {"instances": 2 ** 31}}, {"quota_set": {"instances": 1.5}},
    {"quota_set": {"colour": 1}}, {"quota_set": {"force": "maybe"}},
    {"quota_set": {"floating_ips": 5}},  # gone at 2.36
    {"quota_set": {"injected_files": 5}},  # gone at 2.57
    {"quota_set": []}, [],
])
def test_bad_updates_are_400(admin, tenant, body):
    fault(admin("PUT", f"/os-quota-sets/{tenant.project.id}", "2.79", json=body), 400)


def test_network_quotas_settable_before_236(admin, tenant):
    path = f"/os-quota-sets/{tenant.project.id}"
    put = admin("PUT", path, json={"quota_set": {"floating_ips": 7}})
    assert put.json()["quota_set"]["floating_ips"] == 7
    limits = admin("GET", f"/limits?tenant_id={tenant.project.id}").json()
    assert limits["limits"]["absolute"]["maxTotalFloatingIps"] == 7
    admin("DELETE", path)


def test_unknown_project_is_400_and_unknown_query_refused_from_275(admin):
    assert "not a valid project" in fault(admin("GET", "/os-quota-sets/nosuchproject"),
                                          400)
    fault(admin("GET", f"/os-quota-sets/{admin.project_id}?colour=1", "2.75"), 400)
    assert admin("GET", f"/os-quota-sets/{admin.project_id}?colour=1", "2.74").ok


def test_limits_per_microversion(cloud, tenant):
    tenant.api("POST", "/os-server-groups", json={"server_group": {
        "name": unique("g"), "policies": ["anti-affinity"]}})
    old = tenant.api("GET", "/limits").json()["limits"]
    assert old["rate"] == []
    absolute = old["absolute"]
    assert absolute == {
        "maxTotalInstances": 10, "maxTotalCores": 20, "maxTotalRAMSize": 51200,
        "maxTotalFloatingIps": 10, "maxServerMeta": 128, "maxImageMeta": 128,
        "maxPersonality": 5, "maxPersonalitySize": 10240, "maxTotalKeypairs": 100,
        "maxSecurityGroups": 10, "maxSecurityGroupRules": 20, "maxServerGroups": 10,
        "maxServerGroupMembers": 10, "totalInstancesUsed": 0, "totalCoresUsed": 0,
        "totalRAMUsed": 0, "totalFloatingIpsUsed": 0, "totalSecurityGroupsUsed": 0,
        "totalServerGroupsUsed": 1}
    v236 = tenant.api("GET", "/limits", "2.36").json()["limits"]["absolute"]
    assert "maxTotalFloatingIps" not in v236 and "maxImageMeta" in v236
    assert "maxImageMeta" not in tenant.api("GET", "/limits", "2.39").json()[
        "limits"]["absolute"]
    latest = tenant.api("GET", "/limits", "2.79").json()["limits"]["absolute"]
    assert set(latest) == {
        "maxTotalInstances", "maxTotalCores", "maxTotalRAMSize", "maxServerMeta",
        "maxTotalKeypairs", "maxServerGroups", "maxServerGroupMembers",
        "totalInstancesUsed", "totalCoresUsed", "totalRAMUsed", "totalServerGroupsUsed"}
    sdk_limits = tenant.sdk(cloud).compute.get_limits()
    assert sdk_limits.absolute.server_groups_used == 1
    assert sdk_limits.absolute.instances == 10


def test_limits_of_another_project(admin, member, tenant):
    admin("PUT", f"/os-quota-sets/{tenant.project.id}", json={"quota_set": {"cores": 3}})
    other = admin("GET", f"/limits?tenant_id={tenant.project.id}").json()
    assert other["limits"]["absolute"]["maxTotalCores"] == 3
    fault(member("GET", f"/limits?tenant_id={tenant.project.id}"), 403)
    fault(member("GET", "/limits?colour=1", "2.75"), 400)
    admin("DELETE", f"/os-quota-sets/{tenant.project.id}")


def test_cli_quota_show_and_set(cloud, tenant):
    cloud.cli("quota", "set", "--instances", "4", "--key-pairs", "9", tenant.name)
    shown = json.loads(cloud.cli("quota", "show", "--compute", tenant.name,
                                 "-f", "json").stdout)
    values = {row["Resource"]: row["Limit"] for row in shown} \
        if isinstance(shown, list) else shown
    assert values["instances"] == 4 and values["key-pairs"] == 9
