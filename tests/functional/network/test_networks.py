"""os-networks for the administrator, os-tenant-networks for projects and
onestack-manage's network and project commands, against the in-process
cloud (FlatDHCPManager) through openstacksdk's compute session, the nova
CLI and the real onestack-manage."""
from __future__ import annotations

import pytest

from onestack.db import quotas, security_groups
from tests.functional.compute.conftest import wait_gone, wait_status
from tests.functional.network.helpers import (ADMIN_FIELDS, NOVA_FIELDS, admin_view,
                                              fault_message, made, manage, nova)

__all__ = ["made"]  # the fixture, for pytest


def boot(sdk, image_id, name, *network_ids):
    server = sdk.compute.create_server(
        name=name, image_id=image_id, flavor_id="1",
        networks=[{"uuid": n} for n in network_ids] or "none")
    return wait_status(sdk, server.id, "ACTIVE")


def test_the_admin_creates_shows_lists_and_deletes_a_network(cloud, tenant, made):
    admin = cloud.sdk().compute
    network = made.create(label="made", cidr="10.77.0.0/29", dns1="10.77.0.1",
                          dns2="9.9.9.9", mtu=1400, multi_host=True)
    assert set(network) == ADMIN_FIELDS
    assert {key: network[key] for key in ("label", "cidr", "netmask", "gateway",
                                          "broadcast", "dhcp_start", "dns1", "dns2",
                                          "bridge", "vlan", "project_id", "mtu",
                                          "multi_host", "deleted", "cidr_v6")} == {
        "label": "made", "cidr": "10.77.0.0/29", "netmask": "255.255.255.248",
        "gateway": "10.77.0.1", "broadcast": "10.77.0.7", "dhcp_start": "10.77.0.2",
        "dns1": "10.77.0.1", "dns2": "9.9.9.9", "bridge": "br100", "vlan": None,
        "project_id": None, "mtu": 1400, "multi_host": True, "deleted": False,
        "cidr_v6": None}
    listed = admin.get("/os-networks").json()["networks"]
    assert network["id"] in {n["id"] for n in listed}
    assert admin_view(cloud, network["id"])["label"] == "made"
    member, _ = tenant
    shown = member.compute.get(f"/os-networks/{network['id']}").json()["network"]
    assert set(shown) == NOVA_FIELDS and shown["cidr"] == "10.77.0.0/29"
    assert all(set(n) == NOVA_FIELDS for n in
               member.compute.get("/os-networks").json()["networks"])
    assert admin.delete(f"/os-networks/{network['id']}").status_code == 202
    gone = admin.get(f"/os-networks/{network['id']}", raise_exc=False)
    assert network["id"] in fault_message(gone, 404)


@pytest.mark.parametrize("fields, code, message", [
    ({"cidr": "10.82.0.0/33"}, 400, "Invalid cidr"),
    ({"cidr": "10.82.0.1/24"}, 400, "host bits set"),
    ({"cidr": "10.82.0.0/31"}, 400, "at least 4 addresses"),
    ({"cidr_v6": "fd00::/64"}, 400, "IPv6 networks"),
    ({"cidr": "10.82.0.0/24", "cidr_v6": "fd00::/64"}, 400, "Invalid input"),
    ({"cidr": "10.82.0.0/24", "gateway": "10.83.0.1"}, 400, "is not in"),
    ({"cidr": "10.82.0.0/24", "bridge": "br 0"}, 400, "Invalid bridge"),
    ({"cidr": "10.82.0.0/24", "vlan": 200}, 400, "VLANs are for VlanManager"),
    ({"cidr": "10.82.0.0/24", "dhcp_server": "10.82.0.9"}, 400, "DHCP server"),
    ({"cidr": "10.82.0.0/24", "fixed_cidr": "10.0.0.0/28"}, 400, "is not within"),
    ({"cidr": "10.82.0.0/24", "dns1": "nameserver"}, 400, "Invalid input"),
    ({"cidr": "10.82.0.0/24", "colour": "blue"}, 400, "Additional properties"),
    ({"cidr": "10.82.0.0/24", "label": ""}, 400, "Invalid input"),
    ({"cidr": "10.0.0.128/25"}, 409, "overlaps network private"),
])
def test_creating_a_bad_network_is_refused(cloud, fields, code, message):
    admin = cloud.sdk().compute
    before = admin.get("/os-networks").json()["networks"]
    reply = admin.post("/os-networks", raise_exc=False,
                       json={"network": {"label": "bad", **fields}})
    assert message in fault_message(reply, code)
    assert admin.get("/os-networks").json()["networks"] == before


def test_a_projects_network_is_deleted_after_project_scrub(cloud, tenant, image_id,
                                                          made):
    member, project = tenant
    network = made.create(label="p-net", cidr="10.78.0.0/28", project_id=project.id)
    server = boot(member, image_id, "on-p-net", network["id"])
    assert server.addresses == {"p-net": [{
        "version": 4, "addr": "10.78.0.2", "OS-EXT-IPS:type": "fixed",
        "OS-EXT-IPS-MAC:mac_addr": server.addresses["p-net"][0][
            "OS-EXT-IPS-MAC:mac_addr"]}]}
    admin = cloud.sdk().compute
    refused = admin.delete(f"/os-networks/{network['id']}", raise_exc=False)
    assert f"onestack-manage project scrub --project {project.id}" in \
        fault_message(refused, 409)
    busy = manage(cloud, "project", "scrub", "--project", project.id, check=False)
    assert busy.returncode == 1 and "1 addresses in use" in busy.stderr
    assert admin_view(cloud, network["id"])["project_id"] == project.id
    member.compute.delete_server(server.id)
    wait_gone(member, server.id)
    groups = member.compute.get("/os-security-groups").json()["security_groups"]
    assert [g["name"] for g in groups] == ["default"]   # made by the boot
    scrubbed = manage(cloud, "project", "scrub", "--project", project.id)
    assert scrubbed.stdout.strip().splitlines() == [
        f"Released network p-net (10.78.0.0/28) from project {project.id}.",
        f"Deleted security groups default of project {project.id}."]
    assert admin_view(cloud, network["id"])["project_id"] is None
    assert security_groups.list_groups(project.id) == []
    assert admin.delete(f"/os-networks/{network['id']}").status_code == 202


def test_associating_networks_with_projects_and_hosts(cloud, tenant, made):
    admin = cloud.sdk().compute
    network = made.create(cidr="10.79.0.0/28")
    action = f"/os-networks/{network['id']}/action"
    admin_project = cloud.session().get_project_id()
    for _ in range(2):  # the second time changes nothing
        reply = admin.post("/os-networks/add", json={"id": network["id"]})
        assert reply.status_code == 202
    assert admin_view(cloud, network["id"])["project_id"] == admin_project
    assert admin.post(action, json={"disassociate_project": None}).status_code == 202
    assert admin_view(cloud, network["id"])["project_id"] is None
    assert admin.post(action, json={"associate_host": "net-host-9"}).status_code == 202
    assert admin_view(cloud, network["id"])["host"] == "net-host-9"
    admin.post(action, json={"disassociate_host": None})
    assert admin_view(cloud, network["id"])["host"] != "net-host-9"
    _, project = tenant
    theirs = made.create(cidr="10.79.1.0/28", project_id=project.id)
    taken = admin.post("/os-networks/add", json={"id": theirs["id"]}, raise_exc=False)
    assert f"associated with project {project.id}" in fault_message(taken, 409)
    admin.post(f"/os-networks/{theirs['id']}/action", json={"disassociate": None})
    assert admin_view(cloud, theirs["id"])["project_id"] is None


@pytest.mark.parametrize("path, body, code, message", [
    ("/os-networks/add", {"id": None}, 400, "name the network"),
    ("/os-networks/add", {"id": "no-such-network"}, 400, "could not be found"),
    ("/os-networks/add", {}, 400, "'id' is a required property"),
    ("/os-networks/no-such-network/action", {"disassociate": None}, 404,
     "could not be found"),
    ("/os-networks/no-such-network/action", {"associate_host": "h"}, 404,
     "could not be found"),
    ("/os-networks/{private}/action", {"associate_host": ""}, 400, "Invalid input"),
    ("/os-networks/{private}/action", {"disassociate": {}}, 400, "Invalid input"),
    ("/os-networks/{private}/action", {"shrink": None}, 400, "no such action"),
])
def test_bad_associations_are_refused(cloud, path, body, code, message):
    admin = cloud.sdk().compute
    private = next(n["id"] for n in admin.get("/os-networks").json()["networks"]
                   if n["label"] == "private")
    reply = admin.post(path.format(private=private), json=body, raise_exc=False)
    assert message in fault_message(reply, code)
    assert admin_view(cloud, private)["project_id"] is None


def test_a_project_makes_and_deletes_networks_of_its_own(cloud, tenant, made):
    member, project = tenant
    reply = member.compute.post("/os-tenant-networks", json={"network": {
        "label": "mine", "cidr": "10.80.0.0/28"}})
    mine = made.adopt(reply.json()["network"]["id"])
    assert reply.json()["network"] == {"id": mine, "cidr": "10.80.0.0/28",
                                       "label": "mine"}
    listed = member.compute.get("/os-tenant-networks").json()["networks"]
    assert {"mine", "private"} <= {n["label"] for n in listed}
    assert admin_view(cloud, mine)["project_id"] == project.id
    shown = member.compute.get(f"/os-tenant-networks/{mine}").json()["network"]
    assert shown["label"] == "mine"
    private = next(n["id"] for n in listed if n["label"] == "private")
    shared = member.compute.delete(f"/os-tenant-networks/{private}", raise_exc=False)
    assert "only the administrator" in fault_message(shared, 403)
    quotas.set_limits(project.id, {"networks": 1})
    over = member.compute.post("/os-tenant-networks", raise_exc=False, json={
        "network": {"label": "two", "cidr": "10.80.1.0/28"}})
    assert "Quota exceeded for networks" in fault_message(over, 403)
    assert member.compute.delete(f"/os-tenant-networks/{mine}").status_code == 202
    again = member.compute.post("/os-tenant-networks", json={"network": {
        "label": "two", "cidr": "10.80.1.0/28"}})
    made.adopt(again.json()["network"]["id"])
    assert member.compute.get(f"/os-tenant-networks/{mine}",
                              raise_exc=False).status_code == 404
    overlapping = member.compute.post("/os-tenant-networks", raise_exc=False, json={
        "network": {"label": "over", "cidr": "10.0.0.0/16"}})
    assert fault_message(overlapping, 409) == \
        "10.0.0.0/16 overlaps an existing network."


def test_another_projects_network_is_invisible_and_unusable(cloud, tenant, image_id,
                                                           made, other_tenant):
    _, project = tenant
    theirs = made.create(label="theirs", cidr="10.84.0.0/28", project_id=project.id)
    other, other_project = other_tenant
    compute = other.compute
    for path in (f"/os-networks/{theirs['id']}", f"/os-tenant-networks/{theirs['id']}"):
        assert theirs["id"] in fault_message(compute.get(path, raise_exc=False), 404)
    deleted = compute.delete(f"/os-tenant-networks/{theirs['id']}", raise_exc=False)
    assert fault_message(deleted, 404) == f"Network {theirs['id']} could not be found."
    for path in ("/os-networks", "/os-tenant-networks"):
        assert theirs["id"] not in {n["id"] for n in compute.get(path).json()[
            "networks"]}
    booted = compute.post("/servers", raise_exc=False, json={"server": {
        "name": "x", "imageRef": image_id, "flavorRef": "1",
        "networks": [{"uuid": theirs["id"]}]}})
    assert fault_message(booted, 400) == f"Network {theirs['id']} could not be found."
    cli = nova(cloud, other_project, "boot", "--image", image_id, "--flavor", "1",
               "--nic", f"net-id={theirs['id']}", "x", check=False)
    assert cli.returncode == 1
    assert f"Network {theirs['id']} could not be found. (HTTP 400)" in cli.stderr
    assert admin_view(cloud, theirs["id"])["project_id"] == project.id


def test_onestack_manage_network_commands(cloud, tenant):
    _, project = tenant
    created = manage(cloud, "network", "create", "--label", "cli-net",
                     "--fixed_range_v4", "10.85.0.0/28", "--project_id", project.id,
                     "--dns1", "10.85.0.1", "--multi_host", "T")
    uuid = created.stdout.split(" id ")[1].strip(" .\n")
    assert created.stdout.startswith("Created network cli-net (10.85.0.0/28)")
    lines = manage(cloud, "network", "list").stdout.splitlines()
    assert lines[0].split("\t") == [
        "id   ", "IPv4              ", "IPv6           ", "start address  ",
        "DNS1           ", "DNS2           ", "VlanID         ", "project        ",
        "uuid           "]
    row = next(line.split("\t") for line in lines if uuid in line)
    assert [cell.strip() for cell in row[1:]] == [
        "10.85.0.0/28", "None", "10.85.0.2", "10.85.0.1", "None", "None", project.id,
        uuid]
    assert admin_view(cloud, uuid)["multi_host"] is True
    refused = manage(cloud, "network", "delete", uuid, check=False)
    assert refused.returncode == 1 and "project scrub" in refused.stderr
    manage(cloud, "project", "scrub", project.id)
    deleted = manage(cloud, "network", "delete", "--fixed_range", "10.85.0.0/28")
    assert deleted.stdout.strip() == "Deleted network cli-net (10.85.0.0/28)."
    missing = manage(cloud, "network", "delete", uuid, check=False)
    assert (missing.returncode, missing.stderr.strip()) == (
        2, f"ERROR: Network {uuid} could not be found.")
    overlap = manage(cloud, "network", "create", "x", "--fixed-range-v4",
                     "10.0.0.0/16", check=False)
    assert overlap.returncode == 1 and "overlaps network private" in overlap.stderr
    assert uuid not in manage(cloud, "network", "list").stdout


@pytest.mark.parametrize("version", ["2.1", "2.36", "2.37", "2.79"])
def test_these_apis_answer_at_every_microversion(cloud, tenant, version):
    """Upstream removed them at 2.36, where they had become proxies to
    Neutron; here they are native."""
    headers = {"OpenStack-API-Version": f"compute {version}"}
    member, _ = tenant
    admin = cloud.sdk().compute
    private = next(n for n in admin.get("/os-networks").json()["networks"]
                   if n["label"] == "private")
    for compute, path in ((member.compute, "/os-networks"),
                          (member.compute, f"/os-networks/{private['id']}"),
                          (member.compute, "/os-tenant-networks"),
                          (member.compute, f"/os-tenant-networks/{private['id']}"),
                          (admin, "/os-fixed-ips/10.0.0.1")):
        reply = compute.get(path, headers=headers)
        assert reply.status_code == 200, (path, reply.text)
        assert reply.headers["OpenStack-API-Version"] == f"compute {version}"
