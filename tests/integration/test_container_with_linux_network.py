"""The container driver with the linux network driver (issue 13) on a
simulated host (root): guests take their address from dnsmasq by DHCP, read
their own metadata through 169.254.169.254, reach each other only as their
security groups allow, and a floating IP makes a guest's port 80 reachable
from the public side. Skipped until the linux network driver is there."""
import base64
import os
import shutil
import subprocess
import tempfile
import uuid

import pytest

from tests.functional.compute.conftest import new_tenant, wait_gone, wait_status
from tests.support import container_host, simulated_host
from tests.support.cloud import Cloud, free_port
from tests.support.processes import wait_for


def _console(sdk, server_id) -> str:
    return sdk.compute.get_server_console_output(server_id)["output"]


def _http(namespace: str, address: str) -> str | None:
    """The answer of a guest's port 80 from namespace, or None."""
    result = subprocess.run(
        ["ip", "netns", "exec", namespace, "busybox", "timeout", "2", "busybox", "nc",
         address, "80"], input=b"GET / HTTP/1.0\r\n\r\n", capture_output=True,
        timeout=10)
    return result.stdout.decode(errors="replace") if b"200 OK" in result.stdout \
        else None


@pytest.fixture(scope="module")
def site_and_cloud():
    from onestack.image import guest_image
    simulated_host.require_root_and_tools()
    state_dir = tempfile.mkdtemp(prefix="onestack-ctr-net-")
    os.chmod(state_dir, 0o755)  # dnsmasq drops to nobody
    site = simulated_host.SimulatedHost(state_dir)
    cgroup_parent = f"onestack-test-{site.suffix}"
    cloud = None
    try:
        site.build()
        port = free_port()
        cloud = Cloud(os.path.join(state_dir, "cloud"), {
            "network_driver": "linux", "network_namespace": site.host,
            "public_interface": "pub0", "metadata_host": simulated_host.PUBLIC_HOST,
            "metadata_port": port, "metadata_listen": simulated_host.PUBLIC_HOST,
            "metadata_listen_port": port, "compute_driver": "container",
            "container.cgroup_parent": cgroup_parent})
        os.chmod(os.path.join(state_dir, "cloud"), 0o755)
        cloud.guest_image_id = guest_image.upload(cloud.conf, "guest")["id"]
        yield site, cloud
    finally:
        if cloud is not None:
            sdk = cloud.sdk()
            for server in list(sdk.compute.servers(all_projects=True)):
                sdk.compute.delete_server(server.id)
                wait_gone(sdk, server.id)
            cloud.stop()
        site.remove()
        shutil.rmtree(state_dir, ignore_errors=True)
        for controller in container_host.CONTROLLERS:
            path = os.path.join("/sys/fs/cgroup", controller, cgroup_parent)
            if os.path.isdir(path):
                os.rmdir(path)


def test_guests_on_the_linux_network(site_and_cloud):
    site, cloud = site_and_cloud
    sdk, _ = new_tenant(cloud)
    group = sdk.compute.post("/os-security-groups", json={"security_group": {
        "name": "web-" + uuid.uuid4().hex[:6], "description": "port 80"}}).json()[
        "security_group"]
    script = base64.b64encode(b"#!/bin/sh\necho user data ran\n").decode()
    ids = {}
    for name in ("vm1", "vm2"):
        ids[name] = sdk.compute.post("/servers", json={"server": {
            "name": name, "imageRef": cloud.guest_image_id, "flavorRef": "1",
            "user_data": script, "security_groups": [{"name": group["name"]}]}}
        ).json()["server"]["id"]
    for name, server_id in ids.items():
        wait_status(sdk, server_id, "ACTIVE")
        wait_for(lambda: "ready in" in _console(sdk, server_id), timeout=20,
                 interval=0.1, what=f"{name} to be ready")
        log = _console(sdk, server_id)
        assert "(dhcp," in log
        assert "metadata fetched from http://169.254.169.254" in log
        assert f"instance-id: {server_id}" in log and f"hostname: {name}" in log
        assert "user data ran" in log
    vm1_address = _console(sdk, ids["vm1"]).split("eth0: ")[1].split("/")[0]
    vm2_netns = f"onestack-{ids['vm2']}"

    # vm2 reaches vm1's port 80 only once the group allows it
    assert _http(vm2_netns, vm1_address) is None
    reply = sdk.compute.post("/os-security-group-rules", json={"security_group_rule": {
        "parent_group_id": group["id"], "ip_protocol": "tcp", "from_port": 80,
        "to_port": 80, "cidr": "0.0.0.0/0"}})
    assert reply.status_code == 200, reply.text
    wait_for(lambda: _http(vm2_netns, vm1_address), timeout=20, interval=0.2,
             what="the rule to let vm2 reach vm1")
    assert "vm1" in _http(vm2_netns, vm1_address)

    # a floating IP: vm1's port 80 from the public side
    from tests.functional.network.test_floating_ips import make_pool
    pool = make_pool(cloud, "198.51.100.16/30")
    floating = sdk.compute.post("/os-floating-ips", json={"pool": pool}).json()[
        "floating_ip"]["ip"]
    assert _http(site.client, floating) is None
    reply = sdk.compute.post(f"/servers/{ids['vm1']}/action",
                             json={"addFloatingIp": {"address": floating}})
    assert reply.status_code == 202, reply.text
    wait_for(lambda: _http(site.client, floating), timeout=20, interval=0.2,
             what="the floating IP to reach vm1")
    assert "vm1" in _http(site.client, floating)

    # a hard reboot keeps its address (a new DHCP lease of the same one)
    sdk.compute.reboot_server(ids["vm1"], "HARD")
    wait_for(lambda: _console(sdk, ids["vm1"]).count("ready in") == 2, timeout=20,
             interval=0.1, what="vm1 to boot again")
    after = _console(sdk, ids["vm1"]).split("init exited")[-1]
    assert f"eth0: {vm1_address}/" in after
    wait_for(lambda: _http(site.client, floating), timeout=20, interval=0.2,
             what="vm1 behind its floating IP after the reboot")
    for server_id in ids.values():
        sdk.compute.delete_server(server_id)
    for server_id in ids.values():
        wait_gone(sdk, server_id)
    links = subprocess.run(["ip", "-n", site.host, "-o", "link", "show"],
                           capture_output=True, text=True).stdout
    assert "tap" not in links
