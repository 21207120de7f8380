"""The container driver's cgroups (v1 and v2 trees faked in a directory),
config drive and name checks."""
import base64
import json
import os

import pytest

from onestack.virt import driver
from onestack.virt.container import cgroups, configdrive, netns


def _v1_tree(root):
    for controller in cgroups.V1_CONTROLLERS:
        os.makedirs(root / controller)
    return str(root)


def _v2_tree(root):
    root.mkdir()
    (root / "cgroup.controllers").write_text("cpu memory pids\n")
    (root / "cgroup.subtree_control").write_text("")
    return str(root)


def _read(path):
    with open(path) as handle:
        return handle.read()


def test_v1_limits_come_from_the_flavor(tmp_path):
    group = cgroups.Cgroup("onestack", "vm", root=_v1_tree(tmp_path))
    assert not group.v2
    group.create(cgroups.Limits(memory_mb=64, vcpus=2, pids=100))
    assert _read(tmp_path / "memory/onestack/vm/memory.limit_in_bytes") == str(64 << 20)
    assert _read(tmp_path / "cpu/onestack/vm/cpu.shares") == "2048"
    assert _read(tmp_path / "cpu/onestack/vm/cpu.cfs_quota_us") == "200000"
    assert _read(tmp_path / "cpu/onestack/vm/cpu.cfs_period_us") == "100000"
    assert _read(tmp_path / "pids/onestack/vm/pids.max") == "100"
    assert _read(tmp_path / "devices/onestack/vm/devices.deny") == "a"
    assert group.procs_files == [str(tmp_path / c / "onestack/vm/cgroup.procs")
                                 for c in cgroups.V1_CONTROLLERS]


def test_v2_limits_come_from_the_flavor(tmp_path):
    root = tmp_path / "unified"
    group = cgroups.Cgroup("onestack", "vm", root=_v2_tree(root))
    assert group.v2
    group.create(cgroups.Limits(memory_mb=64, vcpus=2, pids=100))
    assert _read(root / "onestack/vm/memory.max") == str(64 << 20)
    assert _read(root / "onestack/vm/cpu.max") == "200000 100000"
    assert _read(root / "onestack/vm/cpu.weight") == "200"
    assert _read(root / "onestack/vm/pids.max") == "100"
    assert "+memory" in _read(root / "onestack/cgroup.subtree_control")


@pytest.mark.parametrize("name", ["", "../x", "a/b", "-x", "a b", "x" * 65])
def test_cgroup_names_are_checked(name):
    with pytest.raises(cgroups.CgroupError):
        cgroups.Cgroup("onestack", name)


@pytest.mark.parametrize("check, value", [
    (netns.valid_netns, "a/b"), (netns.valid_netns, "-x"), (netns.valid_ifname, "x" * 16),
    (netns.valid_ifname, "a b"), (netns.host_name, "not-a-port!")])
def test_names_reaching_ip_are_checked(check, value):
    with pytest.raises(netns.NetnsError):
        check(value)


def test_the_host_end_is_named_as_nova_names_it():
    assert netns.host_name("0c7a9a36-0c1f-4f1b-a4f6-1c1e7ad6b6a1") == "tap0c7a9a36-0c"


def _spec(**values):
    interface = driver.Interface(id="0c7a9a36-0c1f-4f1b-a4f6-1c1e7ad6b6a1",
                                 mac="fa:16:3e:00:00:01", bridge="br100",
                                 addresses=("10.0.0.3/24",), gateway="10.0.0.1",
                                 network_label="private")
    return driver.InstanceSpec(uuid="5e6bd8c6-8a4a-4a3c-9d0a-3d7ccf0b4e11", name="i-1",
                               hostname="vm1", vcpus=1, memory_mb=64, root_gb=1,
                               interfaces=(interface,), **values)


def test_the_config_drive_has_metadata_user_data_and_network(tmp_path):
    spec = _spec(user_data=base64.b64encode(b"#!/bin/sh\necho hi\n").decode(),
                 key_data="ssh-ed25519 AAAA k@x\n")
    configdrive.write(str(tmp_path), spec, {spec.interfaces[0].id: False})
    latest = tmp_path / "openstack" / "latest"
    meta = json.loads((latest / "meta_data.json").read_text())
    assert meta["uuid"] == spec.uuid and meta["hostname"] == "vm1"
    assert meta["public_keys"] == {"default": "ssh-ed25519 AAAA k@x"}
    assert (latest / "user_data").read_bytes() == b"#!/bin/sh\necho hi\n"
    network = json.loads((latest / "network_data.json").read_text())
    assert network["links"][0] == {"id": "tap0c7a9a36-0c", "type": "phy",
                                   "name": "eth0", "ethernet_mac_address":
                                   "fa:16:3e:00:00:01", "mtu": 1500}
    static = network["networks"][0]
    assert (static["type"], static["ip_address"], static["prefix"]) == \
        ("ipv4", "10.0.0.3", 24)
    assert "routes" not in static  # no bridge: no gateway to reach


def test_a_bridged_interface_is_configured_by_dhcp(tmp_path):
    spec = _spec()
    configdrive.write(str(tmp_path), spec, {spec.interfaces[0].id: True})
    network = json.loads((tmp_path / "openstack/latest/network_data.json").read_text())
    assert network["networks"][0]["type"] == "ipv4_dhcp"
    assert network["networks"][0]["routes"][0]["gateway"] == "10.0.0.1"
    assert not (tmp_path / "openstack/latest/user_data").exists()


def test_the_console_log_keeps_only_its_newest_bytes(tmp_path):
    from onestack.virt.container import monitor
    path = str(tmp_path / "console.log")
    console = monitor.Console(path, limit=4096)
    for number in range(1000):
        console.write(f"line {number}\n".encode())
    with open(path, "rb") as handle:
        kept = handle.read()
    assert len(kept) <= 4096
    assert kept.endswith(b"line 999\n")
    assert kept.startswith(b"line ")  # cut at a line's start
    assert b"line 0\n" not in kept
