"""Networks as servers get them: VlanManager gives each project its own
network, VLAN and bridge from the pool (in a cloud of its own); multinic
through the real nova and openstack CLIs, as in the seed; and 50 parallel
boots on a /26 that give distinct addresses and fail the surplus cleanly,
leaking nothing."""
from __future__ import annotations

import concurrent.futures
import ipaddress
import pytest

from tests.functional.compute.conftest import new_tenant, wait_gone, wait_status
from tests.functional.network.helpers import admin_view, made, manage, nova
from tests.support.processes import CloudProcess, wait_for

__all__ = ["made"]  # the fixture, for pytest


@pytest.fixture(scope="module")
def vlan_cloud(tmp_path_factory):
    """`onestack all` under VlanManager with a pool of two /26 networks."""
    cloud = CloudProcess(str(tmp_path_factory.mktemp("vlan-cloud")), {
        "network_manager": "VlanManager", "fixed_range": "10.0.0.0/25",
        "num_networks": "2", "network_size": "64"})
    yield cloud
    cloud.stop()


def settle(sdk, server_id):
    """The server once its build is over (ACTIVE or ERROR)."""
    return wait_for(lambda: (lambda s: s if s.status in ("ACTIVE", "ERROR") else None)(
        sdk.compute.get_server(server_id)), timeout=60, interval=0.2,
        what=f"server {server_id} to build")


def create(sdk, name):
    image = sdk.image.find_image("tiny-rootfs", ignore_missing=False)
    return sdk.compute.create_server(name=name, image_id=image.id, flavor_id="1",
                                     networks="auto")


def test_vlan_manager_gives_each_project_its_own_network(vlan_cloud):
    (one, p1), (two, p2), (three, p3) = (new_tenant(vlan_cloud) for _ in range(3))
    first = settle(one, create(one, "a").id)
    second = settle(two, create(two, "b").id)
    assert (first.status, second.status) == ("ACTIVE", "ACTIVE")
    assert first.addresses["private_0"][0]["addr"] == "10.0.0.2"
    assert second.addresses["private_1"][0]["addr"] == "10.0.0.66"
    pool = {n["label"]: n for n in vlan_cloud.sdk().compute.get(
        "/os-networks").json()["networks"]}
    assert [(pool[label]["project_id"], pool[label]["vlan"], pool[label]["bridge"])
            for label in ("private_0", "private_1")] == [
        (p1.id, 100, "br100"), (p2.id, 101, "br101")]
    failed = settle(three, create(three, "c").id)
    assert failed.status == "ERROR" and failed.addresses == {}
    assert "No more networks available" in failed.fault["message"]
    # a project sees its own network only, not the pool's nor another's
    seen = one.compute.get("/os-networks").json()["networks"]
    assert [n["label"] for n in seen] == ["private_0"]
    theirs = one.compute.get(f"/os-networks/{pool['private_1']['id']}", raise_exc=False)
    assert theirs.status_code == 404

    # a network a project makes gets the next free VLAN, and its servers
    # get an interface on each of the project's networks
    extra = one.compute.post("/os-tenant-networks", json={"network": {
        "label": "extra", "cidr": "10.1.0.0/28"}}).json()["network"]
    assert (admin_view(vlan_cloud, extra["id"])["vlan"],
            admin_view(vlan_cloud, extra["id"])["bridge"]) == (102, "br102")
    both = settle(one, create(one, "both").id)
    assert {label: [a["addr"] for a in entries]
            for label, entries in both.addresses.items()} == {
        "private_0": ["10.0.0.3"], "extra": ["10.1.0.2"]}

    # scrubbed, the first project's network returns to the pool
    for server in (first, both):
        one.compute.delete_server(server.id)
        wait_gone(one, server.id)
    assert one.compute.delete(f"/os-tenant-networks/{extra['id']}").status_code == 202
    three.compute.delete_server(failed.id)
    scrubbed = manage(vlan_cloud, "project", "scrub", "--project", p1.id)
    assert "Released network private_0 (10.0.0.0/26)" in scrubbed.stdout
    # a network of the pool is nobody's: naming it is as naming none
    image = three.image.find_image("tiny-rootfs", ignore_missing=False)
    named = three.compute.post("/servers", microversion="2.79", raise_exc=False,
                               json={"server": {"name": "c1", "imageRef": image.id,
                                                "flavorRef": "1", "networks": [
                                                    {"uuid": pool["private_0"]["id"]}]}})
    assert named.status_code == 400
    assert f"Network {pool['private_0']['id']} could not be found" in named.text
    again = settle(three, create(three, "c2").id)
    assert again.status == "ACTIVE" and list(again.addresses) == ["private_0"]


def _console(sdk, server_id) -> list[str]:
    output = sdk.compute.get_server_console_output(server_id)["output"]
    return [line for line in output.splitlines() if line.startswith("eth")]


def test_multinic_through_the_nova_and_openstack_clis(cloud, tenant, image_id):
    member, project = tenant
    ids = []
    try:
        for label, cidr in (("first-net", "20.20.0.0/24"), ("second-net",
                                                           "20.20.10.0/24")):
            made = manage(cloud, "network", "create", label,
                          f"--fixed-range-v4={cidr}", f"--project-id={project.id}")
            ids.append(made.stdout.split(" id ")[1].strip(" .\n"))
        booted = nova(cloud, project, "boot", "--image", image_id, "--flavor", "1",
                      "--nic", f"net-id={ids[0]}", "--nic", f"net-id={ids[1]}",
                      "test-vm1")
        server_id = next(line.split("|")[2].strip() for line in
                         booted.stdout.splitlines() if line.startswith("| id "))
        server = wait_status(member, server_id, "ACTIVE")
        assert {label: [a["addr"] for a in entries]
                for label, entries in server.addresses.items()} == {
            "first-net": ["20.20.0.2"], "second-net": ["20.20.10.2"]}
        macs = [server.addresses[label][0]["OS-EXT-IPS-MAC:mac_addr"]
                for label in ("first-net", "second-net")]
        assert _console(member, server_id) == [
            f"eth0: {macs[0]} 20.20.0.2/24", f"eth1: {macs[1]} 20.20.10.2/24"]
        listing = nova(cloud, project, "list").stdout
        assert "first-net=20.20.0.2; second-net=20.20.10.2" in listing

        env = cloud.cli_env("admin")
        env.update(OS_USERNAME=project.name, OS_PASSWORD="pw",
                   OS_PROJECT_NAME=project.name)
        cloud.cli("server", "create", "--image", image_id, "--flavor", "1", "--nic",
                  f"net-id={ids[1]}", "--wait", "second-only", env=env)
        assert "second-net=20.20.10.3" in cloud.cli(
            "server", "list", "--name", "second-only", "-c", "Networks", env=env).stdout
    finally:
        for server in member.compute.servers():
            member.compute.delete_server(server.id)
            wait_gone(member, server.id)
        manage(cloud, "project", "scrub", project.id, check=False)
        for network_id in ids:
            manage(cloud, "network", "delete", network_id, check=False)


BOOTS = 50


def test_parallel_boots_on_a_small_network_leak_nothing(cloud, tenant, image_id, made):
    member, project = tenant
    admin = cloud.sdk()
    admin.compute.update_quota_set(project.id, instances=BOOTS, cores=BOOTS,
                                   ram=BOOTS * 512)
    network = made.create(label="crowd", cidr="10.81.0.0/26", project_id=project.id)
    reserved = [f"10.81.0.{n}" for n in range(2, 23)]   # 40 of 61 stay free
    for address in reserved:
        assert admin.compute.post(f"/os-fixed-ips/{address}/action",
                                  json={"reserve": None}).status_code == 202
    used_before = admin.compute.get("/os-hypervisors/statistics").json()[
        "hypervisor_statistics"]["vcpus_used"]

    def boot(index):
        return member.compute.create_server(
            name=f"crowd-{index}", image_id=image_id, flavor_id="1",
            networks=[{"uuid": network["id"]}]).id

    with concurrent.futures.ThreadPoolExecutor(BOOTS) as pool:
        server_ids = list(pool.map(boot, range(BOOTS)))
    servers = [settle(member, server_id) for server_id in server_ids]
    active = [s for s in servers if s.status == "ACTIVE"]
    failed = [s for s in servers if s.status == "ERROR"]
    addresses = [s.addresses["crowd"][0]["addr"] for s in active]
    assert (len(active), len(failed)) == (40, 10)
    assert len(set(addresses)) == 40
    assert {ipaddress.IPv4Address(a) for a in addresses} == {
        ipaddress.IPv4Address(f"10.81.0.{n}") for n in range(23, 63)}
    for server in failed:
        assert server.addresses == {}
        assert "No fixed IP addresses are left in network crowd" in \
            server.fault["message"]
    # the failed builds gave back their claims and their addresses
    used_after = admin.compute.get("/os-hypervisors/statistics").json()[
        "hypervisor_statistics"]["vcpus_used"]
    assert used_after - used_before == 40
    held = [line for line in manage(cloud, "fixed", "list").stdout.splitlines()
            if line.startswith("10.81.0.0/26")]
    assert len(held) == 61 and sum(line.endswith("yes") for line in held) == 21

    for server in servers:
        member.compute.delete_server(server.id)
    for server in servers:
        wait_gone(member, server.id)
    usage = admin.compute.get(f"/os-quota-sets/{project.id}/detail").json()[
        "quota_set"]
    assert (usage["instances"]["in_use"], usage["cores"]["in_use"],
            usage["ram"]["in_use"]) == (0, 0, 0)
    held = [line for line in manage(cloud, "fixed", "list").stdout.splitlines()
            if line.startswith("10.81.0.0/26")]
    assert len(held) == 21
