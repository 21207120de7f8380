"""The security groups of servers: at boot, the addSecurityGroup and
removeSecurityGroup actions, GET /servers/{id}/os-security-groups, the
server views, groups in use, and the rules a host will apply."""
from __future__ import annotations

import ipaddress
import json
import uuid

import openstack
import pytest

from onestack.network import instance_rules
from onestack.network.wanted import Rule
from tests.functional.network.test_security_groups import NOBODY, Tenant
from tests.support.cloud import DEMO_PASSWORD
from tests.support.compute_http import fault
from tests.support.processes import wait_for


@pytest.fixture
def tenant(cloud):
    return Tenant(cloud)


@pytest.fixture(scope="module")
def image_id(cloud):
    return cloud.sdk().image.find_image(cloud.conf.image.default_image_name).id


def _boot(tenant, image_id, name="vm", **server):
    reply = tenant.api("POST", "/servers", "2.79", json={"server": {
        "name": name, "imageRef": image_id, "flavorRef": "1", "networks": "auto",
        **server}})
    assert reply.status_code == 202, reply.text
    server_id = reply.json()["server"]["id"]
    wait_for(lambda: _server(tenant, server_id)["status"] == "ACTIVE", timeout=30,
             interval=0.1, what=f"server {name}")
    return server_id


def _server(tenant, server_id):
    return tenant.api("GET", f"/servers/{server_id}").json()["server"]


def _groups(tenant, server_id) -> list[str]:
    return [g["name"] for g in _server(tenant, server_id).get("security_groups", [])]


def _action(tenant, server_id, action, name):
    return tenant.api("POST", f"/servers/{server_id}/action",
                      json={action: {"name": name}})


def _delete(tenant, server_id):
    tenant.api("DELETE", f"/servers/{server_id}")
    wait_for(lambda: tenant.api("GET", f"/servers/{server_id}").status_code == 404,
             timeout=30, interval=0.1, what="the server gone")


def test_the_cli_boots_into_groups_and_moves_them(cloud, image_id):
    """The SDK's cloud layer makes and deletes groups through the networking
    API (Neutron's 409 for a group in use); the server commands name them."""
    def cli(*args):
        return json.loads(cloud.cli(*args, "-f", "json", who="demo").stdout)
    sdk = cloud.sdk("demo", DEMO_PASSWORD, "demo")
    name = f"web-{uuid.uuid4().hex[:6]}"
    sdk.create_security_group(name, "the web")
    sdk.create_security_group_rule(name, port_range_min=80, port_range_max=80,
                                   protocol="tcp")
    server = cli("server", "create", "--flavor", "m1.tiny", "--image", image_id,
                 "--security-group", "default", "--security-group", name, "--wait",
                 f"sg-{name}")
    assert sorted(g["name"] for g in server["security_groups"]) == \
        sorted(["default", name])
    cloud.cli("server", "remove", "security", "group", server["id"], name, who="demo")
    assert [g["name"] for g in cli("server", "show", server["id"])[
        "security_groups"]] == ["default"]
    cloud.cli("server", "add", "security", "group", server["id"], name, who="demo")
    shown = cli("server", "show", server["id"])
    assert sorted(g["name"] for g in shown["security_groups"]) == \
        sorted(["default", name])
    with pytest.raises(openstack.exceptions.ConflictException, match="in use"):
        sdk.delete_security_group(name)
    cloud.cli("server", "delete", "--wait", server["id"], who="demo")
    assert sdk.delete_security_group(name) is True


def test_a_server_lists_its_groups_with_their_rules(tenant, image_id):
    web = tenant.group("web")
    tenant.rule(parent_group_id=web["id"], ip_protocol="tcp", from_port=443,
                to_port=443, cidr="0.0.0.0/0")
    server_id = _boot(tenant, image_id, security_groups=[{"name": "web"},
                                                         {"name": "default"}])
    listed = tenant.api("GET", f"/servers/{server_id}/os-security-groups").json()
    groups = listed["security_groups"]
    assert [g["name"] for g in groups] == ["default", "web"]
    assert [(r["ip_protocol"], r["from_port"]) for r in groups[1]["rules"]] == \
        [("tcp", 443)]
    details = tenant.api("GET", "/servers/detail").json()["servers"]
    assert [sorted(g["name"] for g in s["security_groups"]) for s in details] == \
        [["default", "web"]]
    _delete(tenant, server_id)
    assert tenant.api("DELETE", f"/os-security-groups/{web['id']}").status_code == 202


def test_a_boot_names_groups_of_its_own_project(cloud, tenant, image_id):
    theirs = Tenant(cloud)
    secret = theirs.group("secret")
    for name in ("nope", "secret", secret["id"]):
        reply = tenant.api("POST", "/servers", json={"server": {
            "name": "x", "imageRef": image_id, "flavorRef": "1",
            "security_groups": [{"name": name}]}})
        assert fault(reply, 400) == \
            f"Unable to find security_group with name or id '{name}'"
    assert tenant.api("GET", "/servers").json()["servers"] == []
    by_id = tenant.group("by-id")
    server_id = _boot(tenant, image_id, security_groups=[{"name": by_id["id"]}])
    assert _groups(tenant, server_id) == ["by-id"]


def test_add_and_remove_answer_as_nova(cloud, tenant, image_id):
    server_id = _boot(tenant, image_id)
    assert _groups(tenant, server_id) == ["default"]
    tenant.group("extra")
    assert _action(tenant, server_id, "addSecurityGroup", "extra").status_code == 202
    assert "is already associated with the instance" in fault(
        _action(tenant, server_id, "addSecurityGroup", "extra"), 400)
    assert _action(tenant, server_id, "removeSecurityGroup", "extra").status_code == 202
    assert "is not associated with the instance" in fault(
        _action(tenant, server_id, "removeSecurityGroup", "extra"), 400)
    assert fault(_action(tenant, server_id, "addSecurityGroup", "missing"), 404) == \
        f"Security group missing not found for project {tenant.project.id}."
    assert fault(_action(tenant, server_id, "addSecurityGroup", " "), 400) == \
        "Security group name cannot be empty."
    fault(_action(tenant, server_id, "addSecurityGroup", ""), 400)
    fault(tenant.api("POST", f"/servers/{server_id}/action",
                     json={"addSecurityGroup": {"name": "extra", "other": 1}}), 400)
    # a server in no group shows none, as Nova
    assert _action(tenant, server_id, "removeSecurityGroup", "default").status_code \
        == 202
    assert "security_groups" not in _server(tenant, server_id)
    # another project's server and groups are not found
    theirs = Tenant(cloud)
    theirs.group("secret")
    assert "not found" in fault(_action(tenant, server_id, "addSecurityGroup",
                                        "secret"), 404)
    for path in (f"/servers/{server_id}/os-security-groups",
                 f"/servers/{server_id}/action"):
        body = {"addSecurityGroup": {"name": "secret"}} if "action" in path else None
        method = "POST" if body else "GET"
        fault(theirs.api(method, path, json=body), 404)


def test_deleting_a_server_frees_its_groups(tenant, image_id):
    group = tenant.group("held")
    server_id = _boot(tenant, image_id, security_groups=[{"name": "held"}])
    assert fault(tenant.api("DELETE", f"/os-security-groups/{group['id']}"), 400) == \
        "Security group is still in use"
    _delete(tenant, server_id)
    assert tenant.api("DELETE", f"/os-security-groups/{group['id']}").status_code == 202
    fault(tenant.api("GET", f"/servers/{server_id}/os-security-groups"), 404)
    fault(tenant.api("GET", f"/servers/{NOBODY}/os-security-groups"), 404)


def test_a_source_group_resolves_to_its_members_addresses(tenant, image_id):
    app = tenant.group("app")
    tenant.rule(parent_group_id=app["id"], group_id=app["id"], ip_protocol="tcp",
                from_port=5432, to_port=5432)
    tenant.rule(parent_group_id=app["id"], ip_protocol="icmp", from_port=-1,
                to_port=-1, cidr="10.0.0.0/8")
    servers = [_boot(tenant, image_id, f"app-{i}", security_groups=[{"name": "app"}])
               for i in range(2)]
    addresses = sorted((
        entry["addr"] for server_id in servers
        for entries in _server(tenant, server_id)["addresses"].values()
        for entry in entries), key=ipaddress.ip_address)
    assert len(addresses) == 2
    wanted = instance_rules.rules_for_host_state(servers)
    [members] = wanted.address_sets
    assert members.addresses == tuple(addresses)
    for server_id in servers:
        rules = wanted.by_instance[server_id]
        # a group starts with Neutron's open egress rule
        assert rules.group_uuids == (app["id"],) and \
            rules.egress == (Rule("egress", None),)
        assert [(r.protocol, r.port_min, r.port_max, r.remote_cidrs, r.remote_set)
                for r in rules.ingress] == [
            ("icmp", None, None, ("10.0.0.0/8",), None),
            ("tcp", 5432, 5432, None, members.name)]
