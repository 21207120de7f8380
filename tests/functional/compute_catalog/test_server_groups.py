"""Server groups through novaclient, openstacksdk, the CLI and raw HTTP, and
the membership functions the scheduler calls (with instance rows made here)."""
import json
import uuid

import pytest
from novaclient import client as nova_client
from sqlalchemy import delete

from onestack.common import exceptions
from onestack.db import models, server_groups
from onestack.db.engine import transaction
from tests.functional.compute_catalog.support import fault, unique


@pytest.fixture
def instances():
    """Instance rows of a project, on a host or not; removed afterwards."""
    made = []

    def make(project_id, host=None, deleted=False):
        row = models.Instance(
            uuid=str(uuid.uuid4()), display_name=unique("vm"), project_id=project_id,
            user_id="catalog-test", flavor="{}", memory_mb=1, vcpus=1, root_gb=0,
            vm_state="deleted" if deleted else "active", host=host,
            reservation_id=unique("r"), deleted=deleted)
        with transaction() as session:
            session.add(row)
        made.append(row.uuid)
        return row.uuid
    yield make
    with transaction() as session:
        session.execute(delete(models.ServerGroupMember).where(
            models.ServerGroupMember.instance_uuid.in_(made)))
        session.execute(delete(models.Instance).where(models.Instance.uuid.in_(made)))


def test_create_show_list_delete_before_264(tenant):
    created = tenant.api("POST", "/os-server-groups", json={"server_group": {
        "name": "web", "policies": ["anti-affinity"]}})
    assert created.status_code == 200, created.text
    group = created.json()["server_group"]
    assert group == {"id": group["id"], "name": "web", "policies": ["anti-affinity"],
                     "members": [], "metadata": {}}
    shown = tenant.api("GET", f"/os-server-groups/{group['id']}", "2.13").json()
    assert shown["server_group"]["project_id"] == tenant.project.id
    assert shown["server_group"]["user_id"] == tenant.user.id
    listed = tenant.api("GET", "/os-server-groups").json()["server_groups"]
    assert [g["id"] for g in listed] == [group["id"]]
    assert tenant.api("DELETE", f"/os-server-groups/{group['id']}").status_code == 204
    fault(tenant.api("GET", f"/os-server-groups/{group['id']}"), 404)
    fault(tenant.api("DELETE", f"/os-server-groups/{group['id']}"), 404)


def test_policy_and_rules_from_264(tenant):
    created = tenant.api("POST", "/os-server-groups", "2.64", json={"server_group": {
        "name": "spread", "policy": "anti-affinity",
        "rules": {"max_server_per_host": "3"}}}).json()["server_group"]
    assert (created["policy"], created["rules"]) == ("anti-affinity",
                                                     {"max_server_per_host": 3})
    assert "policies" not in created and "metadata" not in created
    old = tenant.api("GET", f"/os-server-groups/{created['id']}").json()
    assert old["server_group"]["policies"] == ["anti-affinity"]
    plain = tenant.api("POST", "/os-server-groups", "2.64", json={"server_group": {
        "name": "together", "policy": "soft-affinity"}}).json()["server_group"]
    assert plain["rules"] == {}
    assert "Only anti-affinity" in fault(tenant.api(
        "POST", "/os-server-groups", "2.64", json={"server_group": {
            "name": "x", "policy": "affinity",
            "rules": {"max_server_per_host": 2}}}), 400)


def test_soft_policies_from_215(tenant):
    body = {"server_group": {"name": "soft", "policies": ["soft-anti-affinity"]}}
    fault(tenant.api("POST", "/os-server-groups", "2.14", json=body), 400)
    assert tenant.api("POST", "/os-server-groups", "2.15", json=body).ok


def test_clients(cloud, tenant):
    nova = nova_client.Client("2.64", session=tenant.session)
    group = nova.server_groups.create(name="nc", policy="affinity")
    assert nova.server_groups.get(group.id).policy == "affinity"
    nova.server_groups.delete(group.id)
    sdk = tenant.sdk(cloud)
    made = sdk.compute.create_server_group(name="sdk", policy="anti-affinity")
    assert made.id in {g.id for g in sdk.compute.server_groups()}
    sdk.compute.delete_server_group(made)
    name = unique("clig")
    shown = json.loads(cloud.cli("server", "group", "create", "--policy",
                                 "soft-affinity", name, "-f", "json").stdout)
    assert shown["name"] == name and "soft-affinity" in str(shown)
    cloud.cli("server", "group", "delete", name)


def test_projects_and_all_projects(admin, member, tenant):
    group = tenant.api("POST", "/os-server-groups", json={"server_group": {
        "name": "mine", "policies": ["affinity"]}}).json()["server_group"]
    # another project's group is one that does not exist
    fault(member("GET", f"/os-server-groups/{group['id']}"), 404)
    fault(member("DELETE", f"/os-server-groups/{group['id']}"), 404)
    assert group["id"] not in {g["id"] for g in member(
        "GET", "/os-server-groups?all_projects=True").json()["server_groups"]}
    everyone = admin("GET", "/os-server-groups?all_projects=True&limit=1000").json()
    assert group["id"] in {g["id"] for g in everyone["server_groups"]}
    assert group["id"] not in {g["id"] for g in admin("GET", "/os-server-groups")
                               .json()["server_groups"]}
    assert admin("GET", f"/os-server-groups/{group['id']}").ok


def test_paging_with_limit_and_offset(tenant):
    ids = [tenant.api("POST", "/os-server-groups", json={"server_group": {
        "name": f"g{i}", "policies": ["affinity"]}}).json()["server_group"]["id"]
        for i in range(3)]
    page = tenant.api("GET", "/os-server-groups?limit=2&offset=1").json()
    assert [g["id"] for g in page["server_groups"]] == ids[1:]
    fault(tenant.api("GET", "/os-server-groups?limit=-1"), 400)
    fault(tenant.api("GET", "/os-server-groups?offset=x"), 400)
    fault(tenant.api("GET", "/os-server-groups?colour=1", "2.75"), 400)


def test_quota(admin, tenant):
    admin("PUT", f"/os-quota-sets/{tenant.project.id}",
          json={"quota_set": {"server_groups": 1}})
    body = {"server_group": {"name": "one", "policies": ["affinity"]}}
    assert tenant.api("POST", "/os-server-groups", json=body).ok
    assert "server_groups" in fault(tenant.api("POST", "/os-server-groups", json=body),
                                    403)


def test_members_for_the_scheduler(cloud, admin, tenant, instances):
    group = tenant.api("POST", "/os-server-groups", json={"server_group": {
        "name": "m", "policies": ["anti-affinity"]}}).json()["server_group"]
    placed = instances(tenant.project.id, host="h1")
    waiting = instances(tenant.project.id)
    gone = instances(tenant.project.id, host="h2", deleted=True)
    for member in (placed, waiting, gone, placed):
        server_groups.add_member(group["id"], member, cloud.conf)
    assert sorted(server_groups.members_hosts(group["id"]), key=str) == [None, "h1"]
    shown = tenant.api("GET", f"/os-server-groups/{group['id']}").json()
    assert shown["server_group"]["members"] == [placed, waiting]
    assert server_groups.groups_of_instance(placed) == [group["id"]]
    row = server_groups.get_group(group["id"])
    assert (row.uuid, row.policy, row.project_id) == (group["id"], "anti-affinity",
                                                      tenant.project.id)
    admin("PUT", f"/os-quota-sets/{tenant.project.id}",
          json={"quota_set": {"server_group_members": 2}})
    server_groups.check_room(cloud.conf, group["id"], 0)
    with pytest.raises(exceptions.OverQuota):
        server_groups.check_room(cloud.conf, group["id"], 1)
    with pytest.raises(exceptions.OverQuota) as error:
        server_groups.add_member(group["id"], instances(tenant.project.id), cloud.conf)
    assert "server_group_members" in error.value.message
    server_groups.remove_member(waiting)
    assert server_groups.members_hosts(group["id"]) == ["h1"]
    with pytest.raises(exceptions.NotFound):
        server_groups.members_hosts(str(uuid.uuid4()))


@pytest.mark.parametrize("version,body", [
    (None, {}), (None, {"server_group": {}}),
    (None, {"server_group": {"name": "x"}}),
    (None, {"server_group": {"name": "x", "policies": []}}),
    (None, {"server_group": {"name": "x", "policies": ["affinity", "anti-affinity"]}}),
    (None, {"server_group": {"name": "x", "policies": ["closeby"]}}),
    (None, {"server_group": {"name": "x", "policies": "affinity"}}),
    (None, {"server_group": {"name": "", "policies": ["affinity"]}}),
    (None, {"server_group": {"name": "x", "policy": "affinity"}}),
    ("2.64", {"server_group": {"name": "x", "policies": ["affinity"]}}),
    ("2.64", {"server_group": {"name": "x", "policy": "anti-affinity",
                               "rules": {"max_server_per_host": 0}}}),
    ("2.64", {"server_group": {"name": "x", "policy": "anti-affinity",
                               "rules": {"max_server_per_host": "0"}}}),
    ("2.64", {"server_group": {"name": "x", "policy": "anti-affinity",
                               "rules": {"max_server_per_host": "many"}}}),
    ("2.64", {"server_group": {"name": "x", "policy": "anti-affinity",
                               "rules": {"colour": 1}}}),
    (None, []),
])
def test_bad_bodies_are_400(tenant, version, body):
    fault(tenant.api("POST", "/os-server-groups", version, json=body), 400)
