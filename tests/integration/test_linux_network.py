"""The linux network driver on a simulated host (a network namespace this
test makes, per DESIGN.md): the in-process cloud's network service manages
it, its metadata API listens inside it, and namespaces plugged into its
bridges stand in for instances. DHCP from dnsmasq, metadata through
169.254.169.254, security group rules, floating IPs from the public side,
anti-spoofing, isolation of projects' networks, a restart of the network
service, and a machine left as the test found it.

The tests share one simulated host and run in file order, each on what the
ones before it made (a scenario, not independent cases)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile

import pytest

from onestack.common.netns import names as netns_names
from onestack.network import host_state
from onestack.network.linux import iptables, vif
from onestack.network.manager import NetworkManager
from onestack.service import Service
from tests.functional.compute.conftest import new_tenant, wait_gone, wait_status
from tests.functional.network.test_floating_ips import make_pool
from tests.support.cloud import Cloud, free_port
from tests.support.processes import run as run_command, wait_for
from tests.support.simulated_host import (PUBLIC_HOST, SimulatedHost,
                                          machine_snapshot, require_root_and_tools, run)

pytestmark = pytest.mark.timeout(180)
SERVICE_PORT = 2222
META_DATA = "http://169.254.169.254/openstack/latest/meta_data.json"


class World:
    def __init__(self, cloud, site):
        self.cloud, self.site = cloud, site
        self.admin = cloud.sdk()
        self.image_id = self.admin.image.find_image(
            cloud.conf.image.default_image_name).id
        self.tenant, self.project = new_tenant(cloud)
        self.other, self.other_project = new_tenant(cloud)
        self.instances: dict[str, Instance] = {}

    @property
    def manager(self) -> NetworkManager:
        return next(item.manager for item in self.cloud.started
                    if getattr(item, "binary", None) == "onestack-network")

    def state(self):
        return host_state.compute(self.cloud.conf, self.cloud.conf.host)

    def live_iptables(self) -> str:
        return run(self.site.host, "iptables-save").stdout

    def converged(self):
        """Wait until the driver applied what the database says now."""
        wait_for(lambda: self.manager.driver.applied == self.state(), timeout=20,
                 interval=0.1, what="the simulated host to converge")

    def boot(self, name, sdk, group, network_id=None) -> Instance:
        body = {"name": name, "imageRef": self.image_id,
                "flavorRef": sdk.compute.find_flavor("m1.tiny").id,
                "security_groups": [{"name": group}],
                "networks": [{"uuid": network_id}] if network_id else "auto"}
        server_id = sdk.compute.post("/servers", microversion="2.37",
                                     json={"server": body}).json()["server"]["id"]
        wait_status(sdk, server_id, "ACTIVE")
        self.converged()
        [port] = [p for p in self.manager.driver.applied.ports
                  if p.instance_uuid == server_id]
        instance = Instance(name, server_id, port, self.site.plug(name, port), sdk)
        self.instances[name] = instance
        return instance


class Instance:
    def __init__(self, name, server_id, port, namespace, sdk):
        self.name, self.server_id, self.port = name, server_id, port
        self.namespace, self.sdk = namespace, sdk

    @property
    def address(self):
        return self.port.address


def _group(sdk, name) -> dict:
    """A security group with no ingress rule (and the open egress rule
    every group is made with)."""
    reply = sdk.compute.post("/os-security-groups", json={"security_group": {
        "name": name, "description": "net13"}})
    assert reply.status_code == 200, reply.text
    return reply.json()["security_group"]


def _allow(sdk, group, protocol, port):
    reply = sdk.compute.post("/os-security-group-rules", json={"security_group_rule": {
        "parent_group_id": group["id"], "ip_protocol": protocol, "from_port": port,
        "to_port": port, "cidr": "0.0.0.0/0"}})
    assert reply.status_code == 200, reply.text


@pytest.fixture(scope="module")
def world():
    require_root_and_tools()
    before = machine_snapshot()
    # dnsmasq drops to nobody: its files must be readable on the way there
    state_dir = tempfile.mkdtemp(prefix="onestack-linux-net-")
    os.chmod(state_dir, 0o755)
    site = SimulatedHost(state_dir)
    cloud = None
    try:
        site.build()
        metadata_port = free_port()
        cloud = Cloud(os.path.join(state_dir, "cloud"), {
            "network_driver": "linux", "network_namespace": site.host,
            "public_interface": "pub0", "metadata_host": PUBLIC_HOST,
            "metadata_port": metadata_port, "metadata_listen": PUBLIC_HOST,
            "metadata_listen_port": metadata_port})
        os.chmod(os.path.join(state_dir, "cloud"), 0o755)
        yield World(cloud, site)
    finally:
        if cloud is not None:
            cloud.stop()
        site.remove()
        shutil.rmtree(state_dir, ignore_errors=True)
        after = machine_snapshot()
        assert after["links"] == before["links"]
        assert after["iptables"] == before["iptables"]
        # only the names this test (and the driver's VLAN probe) may make:
        # other namespaces may come and go beside it on a shared machine
        made = after["namespaces"] - before["namespaces"]
        assert not [name for name in made if site.suffix in name
                    or name.startswith("onestack-vlan-probe-")], made


def test_stand_ins_get_their_address_by_dhcp_and_their_own_metadata(world):
    site = world.site
    group = _group(world.tenant, "net13-a")
    world.group = group
    first = world.boot("inst-a", world.tenant, "net13-a")
    second = world.boot("inst-b", world.tenant, "net13-a")
    for instance in (first, second):
        address, prefix, router = site.dhcp(instance.namespace)
        assert (address, prefix, router) == (instance.address, 24, "10.0.0.1")

    for instance in (first, second):
        meta = json.loads(site.get(instance.namespace, META_DATA))
        assert meta["uuid"] == instance.server_id and meta["name"] == instance.name
        assert site.get(instance.namespace,
                        "http://169.254.169.254/latest/meta-data/local-ipv4"
                        ).strip() == instance.address
    other = json.loads(site.get(second.namespace, META_DATA))
    assert first.server_id not in json.dumps(other)


def test_tcp_and_icmp_reach_an_instance_only_once_a_rule_allows_them(world):
    site = world.site
    first, second = world.instances["inst-a"], world.instances["inst-b"]
    site.serve(first.namespace, SERVICE_PORT, "inst-a")
    assert site.connect(first.namespace, "127.0.0.1", SERVICE_PORT) == "inst-a"
    assert site.connect(second.namespace, first.address, SERVICE_PORT) is None
    assert not site.ping(second.namespace, first.address)

    _allow(world.tenant, world.group, "tcp", SERVICE_PORT)
    wait_for(lambda: site.connect(second.namespace, first.address, SERVICE_PORT)
             == "inst-a", timeout=20, what="the tcp rule to let inst-b in")
    assert not site.ping(second.namespace, first.address)
    _allow(world.tenant, world.group, "icmp", -1)
    wait_for(lambda: site.ping(second.namespace, first.address), timeout=20,
             what="the icmp rule to let the ping in")


def test_a_spoofed_source_address_or_mac_is_dropped(world):
    site = world.site
    first, second = world.instances["inst-a"], world.instances["inst-b"]
    run(second.namespace, "ip", "addr", "add", "10.0.0.250/32", "dev", "eth0")
    assert site.connect(second.namespace, first.address, SERVICE_PORT,
                        source="10.0.0.250") is None
    assert site.connect(second.namespace, first.address, SERVICE_PORT) == "inst-a"
    run(second.namespace, "ip", "addr", "del", "10.0.0.250/32", "dev", "eth0")

    run(second.namespace, "ip", "link", "set", "eth0", "address", "fa:16:3e:99:99:99")
    assert site.connect(second.namespace, first.address, SERVICE_PORT) is None
    run(second.namespace, "ip", "link", "set", "eth0", "address", second.port.mac)
    assert site.connect(second.namespace, first.address, SERVICE_PORT) == "inst-a"


def test_the_public_side_reaches_an_instance_through_its_floating_ip(world):
    site, sdk = world.site, world.tenant
    first, second = world.instances["inst-a"], world.instances["inst-b"]
    site.serve(second.namespace, SERVICE_PORT, "inst-b")
    pool = make_pool(world.cloud, "198.51.100.16/30")
    floating = sdk.compute.post("/os-floating-ips", json={"pool": pool}).json()[
        "floating_ip"]["ip"]
    assert site.connect(site.client, floating, SERVICE_PORT) is None

    def associate(instance):
        reply = sdk.compute.post(f"/servers/{instance.server_id}/action",
                                 json={"addFloatingIp": {"address": floating}})
        assert reply.status_code == 202, reply.text
    associate(first)
    wait_for(lambda: site.connect(site.client, floating, SERVICE_PORT) == "inst-a",
             timeout=20, what="the floating IP to reach inst-a")
    assert f"inet {floating}/32" in run(site.host, "ip", "-o", "addr", "show",
                                        "pub0").stdout
    associate(second)   # moved
    wait_for(lambda: site.connect(site.client, floating, SERVICE_PORT) == "inst-b",
             timeout=20, what="the floating IP to move to inst-b")
    reply = sdk.compute.post(f"/servers/{second.server_id}/action",
                             json={"removeFloatingIp": {"address": floating}})
    assert reply.status_code == 202, reply.text
    wait_for(lambda: site.connect(site.client, floating, SERVICE_PORT) is None,
             timeout=20, what="the floating IP to lead nowhere")
    assert floating not in run(site.host, "ip", "-o", "addr", "show", "pub0").stdout
    world.floating = floating


def test_two_projects_networks_cannot_reach_each_other(world):
    site = world.site
    reply = world.admin.compute.post("/os-networks", json={"network": {
        "label": "net13-other", "cidr": "10.1.0.0/24", "bridge": "br101",
        "project_id": world.other_project.id}})
    assert reply.status_code == 200, reply.text
    world.other_network = reply.json()["network"]["id"]
    group = _group(world.other, "net13-c")
    _allow(world.other, group, "tcp", SERVICE_PORT)
    _allow(world.other, group, "icmp", -1)
    third = world.boot("inst-c", world.other, "net13-c", world.other_network)
    assert third.port.bridge == "br101"
    assert site.dhcp(third.namespace) == (third.address, 24, "10.1.0.1")
    meta = json.loads(site.get(third.namespace, META_DATA))
    assert meta["uuid"] == third.server_id
    site.serve(third.namespace, SERVICE_PORT, "inst-c")
    first = world.instances["inst-a"]
    # both sides let anyone in on SERVICE_PORT and ICMP: the networks stop them
    assert site.connect(first.namespace, third.address, SERVICE_PORT) is None
    assert site.connect(third.namespace, first.address, SERVICE_PORT) is None
    assert not site.ping(first.namespace, third.address)
    assert not site.ping(third.namespace, first.address)


def _dnsmasq_pids(world) -> dict[str, int]:
    base = os.path.join(world.cloud.conf.state_path, "network", world.site.host,
                        "dnsmasq")
    pids = {}
    for name in os.listdir(base):
        with open(os.path.join(base, name, "pid")) as handle:
            pids[name] = int(handle.read())
    return pids


def test_networks_sharing_a_bridge_share_its_one_dnsmasq(world):
    """Under FlatDHCPManager every network is on flat_network_bridge (br100):
    one dnsmasq serves them all, each with its own range and router."""
    site = world.site
    reply = world.admin.compute.post("/os-networks", json={"network": {
        "label": "net13-shared", "cidr": "10.2.0.0/24",
        "project_id": world.other_project.id}})
    assert reply.status_code == 200, reply.text
    world.shared_network = reply.json()["network"]["id"]
    fourth = world.boot("inst-d", world.other, "net13-c", world.shared_network)
    first = world.instances["inst-a"]
    assert fourth.port.bridge == first.port.bridge == "br100"
    assert site.dhcp(fourth.namespace) == (fourth.address, 24, "10.2.0.1")
    assert site.dhcp(first.namespace)[0] == first.address
    assert sorted(_dnsmasq_pids(world)) == ["br100", "br101"]
    addresses = run(site.host, "ip", "-4", "-o", "addr", "show", "br100").stdout
    assert "10.2.0.1/24" in addresses and f"{first.port.gateway}/" in addresses
    # on one bridge, still two projects' networks
    assert site.connect(fourth.namespace, first.address, SERVICE_PORT) is None


def test_show_rules_agrees_with_the_host_and_a_restart_changes_nothing(world):
    world.converged()
    live = world.live_iptables()
    shown = run_command("onestack-manage", "--config-file", world.cloud.config_file,
                        "network", "show-rules").stdout
    assert iptables.ours_in_save(shown) == iptables.ours_in_save(live)
    assert "-A onestack-FORWARD" in live
    pids = _dnsmasq_pids(world)
    assert len(pids) == 2

    # the network service dies and comes back (a new manager, init_host)
    index, old = next((i, item) for i, item in enumerate(world.cloud.started)
                      if getattr(item, "binary", None) == "onestack-network")
    old.stop()
    world.cloud.started[index] = Service(world.cloud.conf, "onestack-network",
                                         NetworkManager(world.cloud.conf,
                                                        world.cloud.conf.host))
    world.cloud.started[index].start()
    assert iptables.ours_in_save(world.live_iptables()) == iptables.ours_in_save(live)
    assert _dnsmasq_pids(world) == pids   # adopted, not started again
    for name in ("inst-a", "inst-c"):
        instance = world.instances[name]
        assert world.site.dhcp(instance.namespace)[0] == instance.address
    first, second = world.instances["inst-a"], world.instances["inst-b"]
    assert world.site.connect(second.namespace, first.address, SERVICE_PORT) == "inst-a"

    # a dnsmasq that dies is started again (every 10 s; here at once)
    bridge = _bridge_of(world, first)
    dead = pids[bridge]
    os.kill(dead, signal.SIGKILL)
    wait_for(lambda: not _cmdline(dead), timeout=10, what="dnsmasq to die")
    world.manager.heal_host()
    assert _dnsmasq_pids(world)[bridge] != dead
    assert world.site.dhcp(first.namespace)[0] == first.address


def _cmdline(pid: int) -> bytes:
    """A process's command line; empty once it is dead (or a zombie)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def _bridge_of(world, instance) -> str:
    """The bridge of the network an instance's port is on (one dnsmasq each)."""
    [dhcp] = [d for d in world.manager.driver.applied.dhcp
              if any(h.address == instance.address for h in d.hosts)]
    return dhcp.bridge


def test_deleting_everything_leaves_nothing_on_the_host(world):
    site = world.site
    for instance in world.instances.values():
        instance.sdk.compute.delete_server(instance.server_id)
    for instance in world.instances.values():
        wait_gone(instance.sdk, instance.server_id)
        # what the compute host's virt driver does at delete
        vif.unplug(instance.port.device, host_namespace=site.host)
    world.tenant.compute.delete(f"/os-floating-ips/{_floating_id(world)}")
    compute = world.admin.compute
    for network_id in (world.other_network, world.shared_network, _private_id(world)):
        compute.post(f"/os-networks/{network_id}/action",
                     json={"disassociate_project": None}, raise_exc=False)
        reply = compute.delete(f"/os-networks/{network_id}")
        assert reply.status_code == 202, reply.text
    pids = list(_dnsmasq_pids_or_empty(world).values())
    world.converged()
    assert world.manager.driver.applied.bridges == ()

    links = run(site.host, "ip", "-o", "link", "show").stdout
    assert sorted(line.split(":")[1].strip().split("@")[0]
                  for line in links.splitlines()) == ["lo", "pub0"]
    assert "onestack" not in world.live_iptables()
    assert run(site.host, "ipset", "list", "-n").stdout.strip() == ""
    assert run(site.host, "ip", "-o", "addr", "show", "pub0").stdout.count("inet ") == 1
    wait_for(lambda: not any(os.path.exists(f"/proc/{pid}") for pid in pids),
             timeout=10, what="dnsmasq to end")
    assert _dnsmasq_pids_or_empty(world) == {}


def _dnsmasq_pids_or_empty(world):
    try:
        return _dnsmasq_pids(world)
    except FileNotFoundError:
        return {}


def _floating_id(world) -> str:
    for item in world.tenant.compute.get("/os-floating-ips").json()["floating_ips"]:
        if item["ip"] == world.floating:
            return item["id"]
    raise AssertionError(f"no floating IP {world.floating}")


def _private_id(world) -> str:
    for item in world.admin.compute.get("/os-networks").json()["networks"]:
        if item["label"] == "private":
            return item["id"]
    raise AssertionError("no network private")



def test_vlan_manager_is_refused_at_start_on_a_kernel_without_8021q(tmp_path):
    """This machine kind's kernel has no CONFIG_VLAN_8021Q: the driver finds
    out in a scratch namespace and refuses, naming it."""
    require_root_and_tools()
    from types import SimpleNamespace

    from onestack.network.linux import driver as linux_driver
    from onestack.network.linux import host as linux_host
    executor = linux_host.Host(None)
    if executor.vlan_supported():
        pytest.skip("this kernel has 802.1Q VLANs (CONFIG_VLAN_8021Q)")
    # the probe's namespace went
    assert not [name for name in netns_names() if name.startswith("onestack-vlan-probe")]
    conf = SimpleNamespace(network_namespace="", state_path=str(tmp_path),
                           network_manager="VlanManager")
    with pytest.raises(linux_driver.DriverUnavailable, match="CONFIG_VLAN_8021Q"):
        linux_driver.LinuxDriver(conf, "net1", executor=executor).start()
