"""compute_driver = container, for real: the in-process cloud boots the busybox
guest image as isolated process trees (root only).

The compute host's network namespace is one the test makes (a simulated
host, [container] host_netns), the instances' cgroups live under a parent of
the test's own, and each instance's namespace, mounts and files are its own;
everything is removed afterwards and the tests check that nothing is left.
With the noop network driver there is no bridge, so a guest takes its
address statically from its config drive and reads its metadata there.
"""
import base64
import os
import shutil
import subprocess
import time
import uuid

import pytest

from onestack.common import netns as namespaces
from onestack.image import guest_image
from onestack.service import Service
from tests.functional.compute.conftest import wait_gone, wait_status
from tests.support import container_host
from tests.support.cloud import Cloud
from tests.support.processes import wait_for

pytestmark = pytest.mark.services


def _missing() -> str | None:
    """Why this machine cannot run container instances, or None."""
    if os.geteuid() != 0:
        return "the container driver needs root"
    for tool in ("ip", "mount", "umount"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not os.path.exists(guest_image.BUSYBOX):
        return "busybox-static is not installed (the guest image needs it)"
    with open("/proc/filesystems") as handle:
        if "overlay" not in handle.read():
            return "the kernel has no overlayfs"
    if not (os.path.isdir("/sys/fs/cgroup/memory") or
            os.path.exists("/sys/fs/cgroup/cgroup.controllers")):
        return "no memory cgroup is mounted"
    return None


@pytest.fixture(scope="module")
def container_cloud(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("ONESTACK_REQUIRE_SERVICES") == "1" and os.geteuid() == 0:
            pytest.fail(reason + " and ONESTACK_REQUIRE_SERVICES=1")
        pytest.skip(reason)
    suffix = uuid.uuid4().hex[:8]
    host_netns, cgroup_parent = f"ost-host-{suffix}", f"onestack-test-{suffix}"
    subprocess.run(["ip", "netns", "add", host_netns], check=True)
    cloud = None
    try:
        cloud = Cloud(str(tmp_path_factory.mktemp("container")), {
            "compute_driver": "container", "container.host_netns": host_netns,
            "container.cgroup_parent": cgroup_parent,
            "container.shutdown_timeout": 3, "sync_power_state_interval": 600})
        image = guest_image.upload(cloud.conf, "guest")
        cloud.guest_image_id = image["id"]
        cloud.host_netns, cloud.cgroup_parent = host_netns, cgroup_parent
        yield cloud
    finally:
        if cloud is not None:
            _delete_all_servers(cloud)
            cloud.stop()
        container_host.remove(host_netns, cgroup_parent)


def _delete_all_servers(cloud):
    sdk = cloud.sdk()
    for server in list(sdk.compute.servers(all_projects=True)):
        sdk.compute.delete_server(server.id)
    for server in list(sdk.compute.servers(all_projects=True)):
        wait_gone(sdk, server.id)


def _user_data(script: str) -> str:
    return base64.b64encode(script.encode()).decode()


def _boot(cloud, name, script=None, image_id=None, flavor="1", timeout=30):
    sdk = cloud.sdk()
    body = {"name": name, "imageRef": image_id or cloud.guest_image_id,
            "flavorRef": flavor}
    if script is not None:
        body["user_data"] = _user_data(script)
    server_id = sdk.compute.post("/servers", json={"server": body}).json()["server"]["id"]
    wait_status(sdk, server_id, "ACTIVE", timeout=timeout)
    wait_for(lambda: "ready in" in _console(cloud, server_id), timeout=10,
             interval=0.05, what=f"{name} to print ready")
    return server_id


def _show(cloud, server_id) -> dict:
    return cloud.sdk().compute.get(f"/servers/{server_id}").json()["server"]


def _console(cloud, server_id) -> str:
    return cloud.sdk().compute.get_server_console_output(server_id)["output"]


def _driver(cloud):
    return next(item.manager for item in cloud.started
                if getattr(item, "binary", "") == "onestack-compute").driver


def _delete(cloud, server_id):
    sdk = cloud.sdk()
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)


def _leftovers(cloud, server_id, drivers=()) -> list[str]:
    """What of the instance is still on the host (and on the hosts of drivers)."""
    found = []
    for driver in (_driver(cloud), *drivers):
        for directory in (os.path.join(driver.instances_dir, server_id),
                          os.path.join(driver.ports_dir, server_id)):
            if os.path.exists(directory):
                found.append(f"directory {directory}")
    with open("/proc/self/mountinfo") as handle:
        found += [f"mount {line.split()[4]}" for line in handle if server_id in line]
    loops = subprocess.run(["losetup", "-a"], capture_output=True, text=True).stdout
    found += [f"loop {line}" for line in loops.splitlines() if server_id in line]
    for controller in ("memory", "cpu", "pids", "freezer", "devices", ""):
        path = os.path.join("/sys/fs/cgroup", controller, cloud.cgroup_parent, server_id)
        if os.path.isdir(path):
            found.append(f"cgroup {path}")
    if os.path.exists(f"/run/netns/onestack-{server_id}"):
        found.append("network namespace")
    links = subprocess.run(["ip", "-n", cloud.host_netns, "-o", "link", "show"],
                           capture_output=True, text=True).stdout
    found += [f"link {line.split(':')[1].strip()}" for line in links.splitlines()
              if "tap" in line]
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cgroup") as handle:
                    if server_id in handle.read():
                        found.append(f"process {pid}")
            except OSError:
                pass
    return found


def test_boot_with_the_cli_shows_the_boot_log_and_user_data(container_cloud, tmp_path):
    cloud = container_cloud
    key = tmp_path / "key.pub"
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519
    key.write_bytes(ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH) + b" t@x\n")
    script = tmp_path / "script.sh"
    script.write_text("#!/bin/sh\necho \"user data says hello from $(hostname)\"\n"
                      "cat /root/.ssh/authorized_keys | cut -c1-11\n")
    cloud.cli("keypair", "create", "--public-key", str(key), "k")
    cloud.cli("server", "create", "--image", "guest", "--flavor", "m1.tiny",
              "--key-name", "k", "--user-data", str(script), "vm1", "--wait")
    server = cloud.sdk().compute.find_server("vm1")
    wait_for(lambda: "ready in" in _console(cloud, server.id), timeout=10,
             interval=0.05, what="vm1 to print ready")
    log = cloud.cli("console", "log", "show", "vm1").stdout
    assert f"instance-id: {server.id}" in log
    assert "metadata fetched from the config drive" in log
    assert "hostname: vm1" in log
    assert "public key installed for root (1 key(s))" in log
    assert "user data says hello from vm1" in log
    assert "ssh-ed25519" in log
    assert "user-data done (exit 0)" in log
    assert "eth0: 10.0.0." in log
    assert "ready in" in log
    # the instance is a process tree of its own: its init is PID 1 there
    init = int(open(os.path.join(_driver(cloud).instances_dir, server.id,
                                 "init.pid")).read())
    with open(f"/proc/{init}/status") as handle:
        assert "NSpid:" in (status := handle.read())
    assert status.split("NSpid:")[1].splitlines()[0].split()[-1] == "1"
    assert os.readlink(f"/proc/{init}/ns/pid") != os.readlink("/proc/self/ns/pid")
    assert os.readlink(f"/proc/{init}/ns/net") != os.readlink("/proc/self/ns/net")
    cloud.cli("server", "delete", "--wait", "vm1")
    cloud.cli("keypair", "delete", "k")
    assert _leftovers(cloud, server.id) == []


def test_a_process_cannot_exceed_the_flavors_memory(container_cloud):
    cloud = container_cloud
    sdk = cloud.sdk()
    flavor = sdk.compute.create_flavor(name=f"ctr-{uuid.uuid4().hex[:6]}", ram=64,
                                       vcpus=1, disk=1, ephemeral=1)
    try:
        server_id = _boot(cloud, "hog", flavor=flavor.id, script=(
            "#!/bin/sh\n"
            "dd if=/dev/zero of=/dev/null bs=16M count=1 2>/dev/null && echo small-ok\n"
            "dd if=/dev/zero of=/dev/null bs=160M count=1 2>/dev/null && echo big-ok "
            "|| echo big-refused\n"
            "echo kept > /mnt/ephemeral/file && "
            "echo \"vdb file: $(cat /mnt/ephemeral/file)\"\n"
            "mknod /tmp/disk b 8 0 2>/dev/null && echo mknod-allowed || "
            "echo mknod-refused\n"
            "grep CapBnd /proc/self/status\n"
            "fallocate -l 2G /root/big 2>/dev/null && echo root-unbounded || "
            "echo root-full\n"))
        log = _console(cloud, server_id)
        assert "small-ok" in log and "big-refused" in log and "big-ok" not in log
        # the flavor's ephemeral disk: a sparse file on a loop device, as /dev/vdb
        assert "vdb: ephemeral disk on /mnt/ephemeral (9" in log  # ~975 MB of 1 GiB
        assert "vdb file: kept" in log
        # the flavor's 1 GB root disk bounds what it writes
        assert "root-full" in log and "root-unbounded" not in log
        # its root may not make host devices nor load modules
        if not _driver(cloud)._cgroup(server_id).v2:
            assert "mknod-refused" in log and "mknod-allowed" not in log
        bounding = int(log.split("CapBnd:")[1].split()[0], 16)
        assert not bounding & (1 << 16) and not bounding & (1 << 17)  # SYS_MODULE, RAWIO
        assert bounding & (1 << 21)  # SYS_ADMIN stays: the guest mounts its disks
        disk = os.path.join(_driver(cloud).instances_dir, server_id, "disk.eph")
        assert os.stat(disk).st_blocks * 512 < 64 * 2 ** 20  # sparse
        loops = subprocess.run(["losetup", "-j", disk], capture_output=True,
                               text=True).stdout
        assert "/dev/loop" in loops
        limit = _driver(cloud)._cgroup(server_id)
        if not limit.v2:
            with open(os.path.join(limit._dir("memory"), "memory.limit_in_bytes")) as h:
                assert int(h.read()) == 64 * 1024 * 1024
        _delete(cloud, server_id)
        assert _leftovers(cloud, server_id) == []  # the loop device among them
    finally:
        sdk.compute.delete_flavor(flavor.id)


def _ticks(cloud, server_id) -> int:
    path = os.path.join(_driver(cloud)._layout(server_id).upper, "root", "ticks")
    try:
        return os.path.getsize(path)
    except FileNotFoundError:
        return 0


def test_pause_and_suspend_freeze_unpause_and_resume_thaw(container_cloud):
    cloud = container_cloud
    sdk = cloud.sdk()
    server_id = _boot(cloud, "ticker", script=(
        "#!/bin/sh\n( while :; do echo t >> /root/ticks; usleep 20000; done ) &\n"))
    wait_for(lambda: _ticks(cloud, server_id) > 4, timeout=5, interval=0.05,
             what="ticks")
    sdk.compute.pause_server(server_id)
    wait_status(sdk, server_id, "PAUSED")
    frozen = _ticks(cloud, server_id)
    time.sleep(0.3)
    assert _ticks(cloud, server_id) == frozen
    assert sdk.compute.get_server(server_id).power_state == 3
    sdk.compute.unpause_server(server_id)
    wait_status(sdk, server_id, "ACTIVE")
    wait_for(lambda: _ticks(cloud, server_id) > frozen + 4, timeout=5, interval=0.05,
             what="ticks after unpause")
    sdk.compute.suspend_server(server_id)
    wait_status(sdk, server_id, "SUSPENDED")
    assert _driver(cloud).get_info(server_id).power_state == 7
    suspended = _ticks(cloud, server_id)
    time.sleep(0.3)
    assert _ticks(cloud, server_id) == suspended
    sdk.compute.resume_server(server_id)
    wait_status(sdk, server_id, "ACTIVE")
    wait_for(lambda: _ticks(cloud, server_id) > suspended + 4, timeout=5,
             interval=0.05, what="ticks after resume")
    _delete(cloud, server_id)


def test_reboots_restart_the_init(container_cloud):
    cloud = container_cloud
    sdk = cloud.sdk()
    server_id = _boot(cloud, "rebooter")
    pid_file = os.path.join(_driver(cloud).instances_dir, server_id, "init.pid")
    first = open(pid_file).read()
    sdk.compute.reboot_server(server_id, "SOFT")
    wait_for(lambda: _console(cloud, server_id).count("ready in") == 2, timeout=15,
             interval=0.05, what="the soft reboot")
    assert "stopping (SIGTERM)" in _console(cloud, server_id)
    second = open(pid_file).read()
    assert second != first
    sdk.compute.reboot_server(server_id, "HARD")
    wait_for(lambda: _console(cloud, server_id).count("ready in") == 3, timeout=15,
             interval=0.05, what="the hard reboot")
    wait_status(sdk, server_id, "ACTIVE")
    assert open(pid_file).read() != second
    assert "eth0: 10.0.0." in _console(cloud, server_id).split("init exited")[-1]
    sdk.compute.stop_server(server_id)
    wait_status(sdk, server_id, "SHUTOFF")
    assert _driver(cloud).get_info(server_id).power_state == 4
    sdk.compute.start_server(server_id)
    wait_status(sdk, server_id, "ACTIVE")
    _delete(cloud, server_id)


def test_a_snapshot_boots_with_the_changed_file(container_cloud):
    cloud = container_cloud
    sdk = cloud.sdk()
    server_id = _boot(cloud, "original",
                      script="#!/bin/sh\necho changed-in-original > /root/marker\n")
    image_id = sdk.compute.create_server_image(server_id, "original-snap",
                                               wait=True, timeout=60).id
    image = sdk.image.get_image(image_id)
    assert image.status == "active"
    copy_id = _boot(cloud, "copy", image_id=image_id,
                    script="#!/bin/sh\necho \"marker: $(cat /root/marker)\"\n")
    assert "marker: changed-in-original" in _console(cloud, copy_id)
    _delete(cloud, copy_id)
    _delete(cloud, server_id)
    sdk.image.delete_image(image_id)


def test_an_image_that_escapes_its_root_is_refused(container_cloud, tmp_path):
    import io
    import tarfile
    cloud = container_cloud
    sdk = cloud.sdk()
    path = tmp_path / "evil.tar"
    with tarfile.open(path, "w") as tar:
        info = tarfile.TarInfo("../../etc/evil")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    image = sdk.image.create_image(name="evil", disk_format="raw",
                                   container_format="bare", filename=str(path))
    reply = sdk.compute.post("/servers", json={"server": {
        "name": "evil", "imageRef": image.id, "flavorRef": "1"}})
    server_id = reply.json()["server"]["id"]
    server = wait_status(sdk, server_id, "ERROR")
    assert "outside its root" in server.fault["message"]
    _delete(cloud, server_id)
    sdk.image.delete_image(image.id)
    assert _leftovers(cloud, server_id) == []


def test_a_compute_restart_keeps_the_instance_running(container_cloud):
    cloud = container_cloud
    sdk = cloud.sdk()
    server_id = _boot(cloud, "survivor")
    pid_file = os.path.join(_driver(cloud).instances_dir, server_id, "init.pid")
    init = open(pid_file).read()
    new = _restart_compute(cloud)
    assert open(pid_file).read() == init
    assert os.path.exists(f"/proc/{init}")
    assert new.manager.driver.get_info(server_id).power_state == 1
    assert sdk.compute.get_server(server_id).status == "ACTIVE"
    # adopted: the new service drives it
    sdk.compute.reboot_server(server_id, "HARD")
    wait_for(lambda: _console(cloud, server_id).count("ready in") == 2, timeout=15,
             interval=0.05, what="the reboot after the restart")
    _delete(cloud, server_id)
    assert _leftovers(cloud, server_id) == []


def test_live_migration_is_refused_with_a_clear_message(container_cloud):
    import openstack
    cloud = container_cloud
    sdk = cloud.sdk()
    server_id = _boot(cloud, "stayer")
    with pytest.raises(openstack.exceptions.ConflictException) as refused:
        sdk.compute.live_migrate_server(server_id, host=None, block_migration="auto")
    assert "does not support live migration" in str(refused.value)
    refusal = _driver(cloud).live_migration_refusal
    if shutil.which("criu") is None:
        assert refusal == "criu is not installed"
    elif subprocess.run(["criu", "check"], capture_output=True).returncode != 0:
        assert refusal.startswith("criu check fails: Error")
    else:
        assert "not implemented" in refusal
    assert sdk.compute.get_server(server_id).status == "ACTIVE"
    _delete(cloud, server_id)


def test_a_raw_disk_image_is_loop_mounted_read_only(container_cloud, tmp_path):
    """The guest's files in an ext4 disk image instead of a tar."""
    import tarfile
    if shutil.which("mkfs.ext4") is None:
        pytest.skip("mkfs.ext4 (e2fsprogs) is not installed")
    cloud = container_cloud
    sdk = cloud.sdk()
    tree = tmp_path / "tree"
    guest_image.build(str(tmp_path / "guest.tar"))
    with tarfile.open(tmp_path / "guest.tar") as tar:
        tar.extractall(tree, filter="fully_trusted")
    disk = tmp_path / "disk.img"
    subprocess.run(["mkfs.ext4", "-q", "-F", "-d", str(tree), str(disk), "16M"],
                   check=True)
    image = sdk.image.create_image(name="guest-raw", disk_format="raw",
                                   container_format="bare", filename=str(disk))
    server_id = _boot(cloud, "rawvm", image_id=image.id,
                      script="#!/bin/sh\necho \"raw root: $(grep ' / ' /proc/mounts)\"\n")
    loops = subprocess.run(["losetup", "-a"], capture_output=True, text=True).stdout
    assert any(image.id in line for line in loops.splitlines()), loops
    assert "raw root: overlay / overlay" in _console(cloud, server_id)
    _delete(cloud, server_id)
    sdk.image.delete_image(image.id)
    assert _leftovers(cloud, server_id) == []
    loops = subprocess.run(["losetup", "-a"], capture_output=True, text=True).stdout
    assert not any(image.id in line for line in loops.splitlines())


def test_a_delete_during_the_build_leaves_nothing(container_cloud):
    cloud = container_cloud
    sdk = cloud.sdk()
    ids = [sdk.compute.post("/servers", json={"server": {
        "name": f"short-{i}", "imageRef": cloud.guest_image_id, "flavorRef": "1"}}
    ).json()["server"]["id"] for i in range(3)]
    for server_id in ids:
        sdk.compute.delete_server(server_id)
    for server_id in ids:
        wait_gone(sdk, server_id)
    # the record goes first; the build, when it ends, removes what it made
    for server_id in ids:
        wait_for(lambda: _leftovers(cloud, server_id) == [], timeout=15,
                 interval=0.1, what=f"nothing left of {server_id}")


def _restart_compute(cloud):
    old = next(item for item in cloud.started
               if getattr(item, "binary", "") == "onestack-compute")
    old.stop()
    new = Service(cloud.conf, "onestack-compute", type(old.manager)(cloud.conf,
                                                                     old.manager.host))
    new.start()
    cloud.started[cloud.started.index(old)] = new
    return new


def test_a_host_reboot_brings_the_instance_back_with_resume_guests_state(
        container_cloud):
    from onestack.virt.container import netns, rootfs
    cloud = container_cloud
    sdk = cloud.sdk()
    server_id = _boot(cloud, "phoenix")
    driver = _driver(cloud)
    # what a reboot of the host takes: every process, the mounts, the netns
    driver._kill(server_id)
    rootfs.unmount_root(driver._layout(server_id))
    netns.delete(driver.netns_name(server_id))
    assert driver.get_info(server_id).power_state == 4
    cloud.conf.set_override("resume_guests_state_on_host_boot", True)
    try:
        _restart_compute(cloud)
    finally:
        cloud.conf.clear_override("resume_guests_state_on_host_boot")
    wait_for(lambda: _console(cloud, server_id).count("ready in") == 2, timeout=15,
             interval=0.05, what="the instance to boot again")
    assert _driver(cloud).get_info(server_id).power_state == 1
    assert "eth0: 10.0.0." in _console(cloud, server_id).split("init exited")[-1]
    assert sdk.compute.get_server(server_id).status == "ACTIVE"
    _delete(cloud, server_id)
    assert _leftovers(cloud, server_id) == []


def test_the_image_cache_keeps_images_in_use_and_cleans_the_others(container_cloud):
    from onestack.compute.ops import periodic
    cloud = container_cloud
    server_id = _boot(cloud, "user")
    manager = next(item.manager for item in cloud.started
                   if getattr(item, "binary", "") == "onestack-compute")
    cached = os.path.join(cloud.state_path, "image_cache", cloud.guest_image_id)
    unpacked = os.path.join(manager.driver.images_dir, cloud.guest_image_id)
    cloud.conf.set_override("remove_unused_original_minimum_age_seconds", 0)
    try:
        periodic.clean_image_cache(manager)
        assert os.path.exists(cached) and os.path.isdir(unpacked)
        _delete(cloud, server_id)
        periodic.clean_image_cache(manager)
        assert not os.path.exists(cached) and not os.path.exists(unpacked)
    finally:
        cloud.conf.clear_override("remove_unused_original_minimum_age_seconds")
    _delete(cloud, _boot(cloud, "refetched"))  # fetched again when needed


def test_the_admin_password_is_injected_into_shadow(container_cloud):
    import crypt
    cloud = container_cloud
    sdk = cloud.sdk()
    cloud.conf.set_override("inject_password", True, group="libvirt")
    try:
        reply = sdk.compute.post("/servers", json={"server": {
            "name": "pw", "imageRef": cloud.guest_image_id, "flavorRef": "1",
            "adminPass": "Injected-1"}})
        server_id = reply.json()["server"]["id"]
        wait_status(sdk, server_id, "ACTIVE")
    finally:
        cloud.conf.clear_override("inject_password", group="libvirt")
    shadow = os.path.join(_driver(cloud).instances_dir, server_id, "rootfs", "etc",
                          "shadow")

    def root_hash():
        return open(shadow).read().splitlines()[0].split(":")[1]
    assert root_hash().startswith("$6$")
    assert crypt.crypt("Injected-1", root_hash()) == root_hash()
    # changed on the running server (changePassword), as the guest sees it
    sdk.compute.change_server_password(server_id, "Changed-2")
    wait_for(lambda: crypt.crypt("Changed-2", root_hash()) == root_hash(), timeout=10)
    assert _show(cloud, server_id)["status"] == "ACTIVE"
    _delete(cloud, server_id)


def test_inject_network_info_plugs_the_ports_and_rewrites_the_config_drive(
        container_cloud):
    cloud = container_cloud
    server_id = _boot(cloud, "injected")
    drive = os.path.join(_driver(cloud).instances_dir, server_id, "config",
                         "openstack", "latest", "network_data.json")
    os.unlink(drive)
    reply = cloud.sdk().compute.post(f"/servers/{server_id}/action",
                                     json={"injectNetworkInfo": None})
    assert reply.status_code == 202, reply.text
    wait_for(lambda: os.path.exists(drive), timeout=10)
    [port] = cloud.sdk().network.ports(device_id=server_id)
    assert port.mac_address in open(drive).read()
    shown = _show(cloud, server_id)
    assert shown["status"] == "ACTIVE" and "fault" not in shown
    _delete(cloud, server_id)


def _in_host(cloud, *argv, **kwargs):
    return subprocess.run(["ip", "netns", "exec", cloud.host_netns, *argv],
                          capture_output=True, timeout=10, **kwargs)


def test_on_a_bridge_the_guest_takes_dhcp_and_the_metadata_service(container_cloud,
                                                                     tmp_path):
    """The network's bridge (br100) in the simulated host, with a DHCP server
    and a stand-in metadata server at 169.254.169.254 there (the linux
    network driver's part, played by busybox): the instance's veth is
    plugged into the bridge, it takes its address by DHCP, reads its
    metadata over HTTP, and answers on ports 80 and 7 from the host."""
    cloud = container_cloud
    ip = ["ip", "-n", cloud.host_netns]
    started = []
    try:
        for argv in (["link", "add", "br100", "type", "bridge"],
                     ["addr", "add", "10.0.0.1/24", "dev", "br100"],
                     ["link", "set", "br100", "up"], ["link", "set", "lo", "up"],
                     ["addr", "add", "169.254.169.254/32", "dev", "lo"]):
            subprocess.run(ip + argv, check=True)
        latest = tmp_path / "md" / "openstack" / "latest"
        latest.mkdir(parents=True)
        (latest / "meta_data.json").write_text(
            '{"uuid": "from-the-metadata-service", "hostname": "md-host"}')
        (tmp_path / "udhcpd.conf").write_text(
            f"interface br100\nstart 10.0.0.100\nend 10.0.0.150\n"
            f"lease_file {tmp_path}/leases\noption subnet 255.255.255.0\n"
            f"option router 10.0.0.1\n")
        for argv in (["busybox", "httpd", "-f", "-p", "169.254.169.254:80", "-h",
                      str(tmp_path / "md")],
                     ["busybox", "udhcpd", "-f", "-a", "10",
                      str(tmp_path / "udhcpd.conf")]):
            started.append(subprocess.Popen(["ip", "netns", "exec", cloud.host_netns,
                                             *argv], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL))
        time.sleep(0.2)
        server_id = _boot(cloud, "bridged", timeout=30)
        log = _console(cloud, server_id)
        assert "(dhcp," in log and "eth0: 10.0.0.1" in log, log
        assert "metadata fetched from http://169.254.169.254" in log
        assert "hostname: md-host" in log
        address = log.split("eth0: ")[1].split("/")[0]
        [port_id] = os.listdir(os.path.join(_driver(cloud).ports_dir, server_id))
        tap = "tap" + port_id[:11]
        links = subprocess.run(ip + ["-o", "link", "show", "dev", tap],
                               capture_output=True, text=True).stdout
        assert "master br100" in links
        http = _in_host(cloud, "busybox", "nc", "-w", "3", address, "80",
                        input=b"GET / HTTP/1.0\r\n\r\n")
        assert b"md-host" in http.stdout
        echo = _in_host(cloud, "busybox", "timeout", "3", "busybox", "nc", address, "7",
                        input=b"echo me\n")
        assert b"echo me" in echo.stdout
        _delete(cloud, server_id)
        assert _leftovers(cloud, server_id) == []
    finally:
        for process in started:
            process.kill()
            process.wait()
        subprocess.run(ip + ["link", "delete", "br100"], check=False)
        subprocess.run(ip + ["addr", "del", "169.254.169.254/32", "dev", "lo"],
                       check=False)


def test_an_image_without_an_init_fails_clearly_and_leaves_nothing(container_cloud,
                                                                   tmp_path):
    import io
    import tarfile
    cloud = container_cloud
    sdk = cloud.sdk()
    path = tmp_path / "noinit.tar"
    with tarfile.open(path, "w") as tar:
        for name in ("etc", "sbin"):
            info = tarfile.TarInfo(name)
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            tar.addfile(info)
        info = tarfile.TarInfo("etc/hostname")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"x\n\n"))
    image = sdk.image.create_image(name="noinit", disk_format="raw",
                                   container_format="bare", filename=str(path))
    server_id = sdk.compute.post("/servers", json={"server": {
        "name": "noinit", "imageRef": image.id, "flavorRef": "1"}}).json()["server"]["id"]
    server = wait_status(sdk, server_id, "ERROR")
    assert "did not start" in server.fault["message"] or \
        "ended at once" in server.fault["message"]
    assert "/sbin/init" in server.fault["message"]
    assert _leftovers(cloud, server_id) == []
    _delete(cloud, server_id)
    sdk.image.delete_image(image.id)


def _start_host_b(cloud):
    """A second compute service, host "host-b", on this machine; up and
    enabled again if an earlier test left its record down."""
    from onestack.compute.manager import ComputeManager
    from onestack.db import services
    service = Service(cloud.conf, "onestack-compute",
                      ComputeManager(cloud.conf, "host-b"))
    service.start()
    services.update(service.record_id, disabled=False, forced_down=False)
    return service


def _stop_host_b(service, stopped=False):
    from onestack.db import compute_nodes, services
    if not stopped:
        service.stop()
    # within service_down_time it would still look up to the scheduler
    services.update(service.record_id, disabled=True, forced_down=True)
    for node in compute_nodes.list_("host-b"):
        compute_nodes.delete(node.id)


@pytest.fixture
def second_host(container_cloud):
    cloud = container_cloud
    service = _start_host_b(cloud)
    cloud.conf.set_override("allow_resize_to_same_host", False)
    try:
        yield service.manager.driver
    finally:
        cloud.conf.clear_override("allow_resize_to_same_host")
        _stop_host_b(service)


def test_a_cold_migration_and_a_resize_keep_the_instances_files(container_cloud,
                                                                second_host):
    cloud = container_cloud
    sdk = cloud.sdk()
    wait_for(lambda: any(s.host == "host-b" and s.state == "up"
                         for s in sdk.compute.services()), timeout=10,
             what="host-b up")
    flavor = sdk.compute.create_flavor(name=f"ctr-{uuid.uuid4().hex[:6]}", ram=96,
                                       vcpus=1, disk=1, ephemeral=1)
    server_id = _boot(cloud, "mover", flavor=flavor.id, script=(
        "#!/bin/sh\n[ -e /root/moved ] || echo first-host > /root/moved\n"
        "[ -e /mnt/ephemeral/kept ] || echo on-vdb > /mnt/ephemeral/kept\n"
        "echo \"files: $(cat /root/moved) $(cat /mnt/ephemeral/kept)\"\n"))
    source = sdk.compute.get_server(server_id).compute_host
    try:
        sdk.compute.migrate_server(server_id)
        wait_status(sdk, server_id, "VERIFY_RESIZE")
        server = sdk.compute.get_server(server_id)
        assert server.compute_host != source
        wait_for(lambda: _console(cloud, server_id).count("ready in") == 2, timeout=15,
                 interval=0.05, what="the boot on the new host")
        log = _console(cloud, server_id)
        assert "[onestack: moved from" in log
        assert log.split("moved from")[-1].count("files: first-host on-vdb") == 1
        sdk.compute.confirm_server_resize(server_id)
        wait_status(sdk, server_id, "ACTIVE")
        # and back, with a flavor of more memory: the cgroup follows
        sdk.compute.resize_server(server_id, "2")
        wait_status(sdk, server_id, "VERIFY_RESIZE")
        sdk.compute.confirm_server_resize(server_id)
        wait_status(sdk, server_id, "ACTIVE")
        assert sdk.compute.get_server(server_id).compute_host == source
        group = _driver(cloud)._cgroup(server_id)
        if not group.v2:
            with open(os.path.join(group._dir("memory"), "memory.limit_in_bytes")) as h:
                assert int(h.read()) == 2048 * 1024 * 1024
        wait_for(lambda: "files: first-host on-vdb" in _console(cloud, server_id)
                 .split("moved from")[-1], timeout=15, interval=0.05,
                 what="the files after the resize")
    finally:
        _delete(cloud, server_id)
        sdk.compute.delete_flavor(flavor.id)
    assert _leftovers(cloud, server_id, [second_host]) == []
    assert not os.listdir(os.path.join(second_host.base, "outgoing"))


def test_evacuation_rebuilds_from_the_image_and_the_source_leaves_it_alone(
        container_cloud):
    """host-b dies under an instance (its compute service stops and what a
    reboot of the host takes goes); evacuated, the instance boots from its
    image on the other host with its fixed IP; when host-b's compute comes
    back, it removes its leftovers of the instance but not the namespace,
    cgroup and tap by the same names that the instance now uses."""
    from onestack.db import services
    from onestack.virt.container import netns, rootfs
    cloud = container_cloud
    sdk = cloud.sdk()
    destination = _driver(cloud)
    host_b = _start_host_b(cloud)
    source = host_b.manager.driver
    server_id, host_b_down = None, False
    try:
        wait_for(lambda: any(s.host == "host-b" and s.state == "up"
                             for s in sdk.compute.services()), timeout=10,
                 what="host-b up")
        server_id = sdk.compute.post("/servers", json={"server": {
            "name": "evacuee", "imageRef": cloud.guest_image_id, "flavorRef": "1",
            "availability_zone": "nova:host-b",
            "user_data": _user_data("#!/bin/sh\necho born > /root/mark\n")}}
        ).json()["server"]["id"]
        wait_status(sdk, server_id, "ACTIVE")
        wait_for(lambda: "ready in" in _console(cloud, server_id), timeout=10,
                 interval=0.05, what="the boot on host-b")
        assert sdk.compute.get_server(server_id).compute_host == "host-b"
        addresses = _show(cloud, server_id)["addresses"]
        assert addresses
        # host-b dies: its compute service stops, and a reboot of the machine
        # would take the instance's processes, mounts, namespace and cgroup
        host_b.stop()
        host_b_down = True
        services.update(host_b.record_id, forced_down=True)
        source._kill(server_id)
        rootfs.unmount_root(source._layout(server_id))
        netns.delete(source.netns_name(server_id))
        source._cgroup(server_id).remove()

        sdk.compute.post(f"/servers/{server_id}/action", microversion="2.79",
                         json={"evacuate": {}})
        wait_for(lambda: sdk.compute.get_server(server_id).compute_host
                 == destination.host and _show(cloud, server_id)["status"] == "ACTIVE",
                 timeout=30, interval=0.1, what="the evacuation")
        wait_for(lambda: "ready in" in _console(cloud, server_id), timeout=10,
                 interval=0.05, what="the boot on the destination")
        console = _console(cloud, server_id)
        # a fresh boot from the image (the user data ran again), not a move
        assert console.count("ready in") == 1 and "moved from" not in console
        assert _show(cloud, server_id)["addresses"] == addresses
        pid_file = os.path.join(destination.instances_dir, server_id, "init.pid")
        init = open(pid_file).read()

        # host-b comes back: its recovery removes what it had of the instance
        services.update(host_b.record_id, forced_down=False)
        host_b = _start_host_b(cloud)
        host_b_down = False
        source = host_b.manager.driver
        wait_for(lambda: not os.path.exists(
            os.path.join(source.instances_dir, server_id)), timeout=15,
            interval=0.1, what="host-b to remove the evacuated guest")
        # ... and leaves the destination's instance running, with its
        # namespace, cgroup and tap (their names are the same on both hosts)
        assert destination.get_info(server_id).power_state == 1
        assert open(pid_file).read() == init and os.path.exists(f"/proc/{init}")
        assert namespaces.exists(destination.netns_name(server_id))
        assert destination._cgroup(server_id).pids()
        [port] = sdk.network.ports(device_id=server_id)
        assert netns.link_exists(netns.host_name(port.id), cloud.host_netns)
        assert _show(cloud, server_id)["status"] == "ACTIVE"
        _delete(cloud, server_id)
        assert _leftovers(cloud, server_id, [source]) == []
    finally:
        if server_id and sdk.compute.find_server(server_id, ignore_missing=True):
            _delete(cloud, server_id)
        _stop_host_b(host_b, stopped=host_b_down)
