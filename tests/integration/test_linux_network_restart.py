"""The network service as a process of its own, killed with SIGKILL and
started again under a running stand-in instance: the data plane (rules,
dnsmasq, leases) outlives it, and the new process adopts it unchanged.
The rest of the cloud runs in this process; they share PostgreSQL and
RabbitMQ, as separate hosts do."""
from __future__ import annotations

import os
import shutil
import signal
import tempfile

import pytest

from onestack.network import host_state
from onestack.network.linux import iptables
from tests.integration.test_linux_network import _allow, _group
from tests.functional.compute.conftest import new_tenant, wait_status
from tests.support import services
from tests.support.cloud import Cloud, free_port
from tests.support.processes import Processes, wait_for
from tests.support.simulated_host import (PUBLIC_HOST, SimulatedHost, machine_snapshot,
                                          require_root_and_tools, run)

pytestmark = [pytest.mark.services, pytest.mark.timeout(180)]


def _wanted(cloud) -> dict:
    state = host_state.compute(cloud.conf, cloud.conf.host)
    wanted = {}
    for text in iptables.render(state).values():
        wanted.update(iptables.ours_in_save(text))
    return wanted


def _live(site) -> dict:
    return iptables.ours_in_save(run(site.host, "iptables-save").stdout)


def _dnsmasq(cloud, site) -> dict[str, tuple[int, str]]:
    """bridge -> (pid, hosts file) of each dnsmasq."""
    base = os.path.join(cloud.conf.state_path, "network", site.host, "dnsmasq")
    found = {}
    for name in os.listdir(base) if os.path.isdir(base) else ():
        with open(os.path.join(base, name, "pid")) as pid, \
                open(os.path.join(base, name, "hosts")) as hosts:
            found[name] = (int(pid.read()), hosts.read())
    return found


def test_a_network_service_killed_with_sigkill_comes_back_to_the_same_host(tmp_path):
    require_root_and_tools()
    before = machine_snapshot()
    vhost = services.TemporaryVhost()
    database = services.TemporaryDatabase("postgresql")
    state_dir = tempfile.mkdtemp(prefix="onestack-linux-net-")
    os.chmod(state_dir, 0o755)
    site = SimulatedHost(state_dir)
    processes = Processes(str(tmp_path))
    cloud = None
    try:
        site.build()
        port = free_port()
        cloud = Cloud(os.path.join(state_dir, "cloud"), {
            "transport_url": vhost.url, "database.connection": database.url,
            "enabled_services": "scheduler,compute",
            "network_driver": "linux", "network_namespace": site.host,
            "public_interface": "pub0", "metadata_host": PUBLIC_HOST,
            "metadata_port": port, "metadata_listen": PUBLIC_HOST,
            "metadata_listen_port": port})
        os.chmod(os.path.join(state_dir, "cloud"), 0o755)
        processes.start("network", "onestack-network", "--config-file",
                        cloud.config_file)

        def converged():
            return _live(site) == _wanted(cloud) and _dnsmasq(cloud, site)
        wait_for(converged, timeout=30, what="the network process to converge")

        sdk, _project = new_tenant(cloud)
        group = _group(sdk, "net13-k")
        _allow(sdk, group, "tcp", 2222)
        image = sdk.image.find_image(cloud.conf.image.default_image_name)
        server_id = sdk.compute.post("/servers", microversion="2.37", json={"server": {
            "name": "inst-k", "imageRef": image.id, "networks": "auto",
            "flavorRef": sdk.compute.find_flavor("m1.tiny").id,
            "security_groups": [{"name": "net13-k"}]}}).json()["server"]["id"]
        wait_status(sdk, server_id, "ACTIVE")
        [port_] = [p for p in host_state.compute(cloud.conf, cloud.conf.host).ports
                   if p.instance_uuid == server_id]
        wait_for(lambda: converged() and f"in-{port_.port_id[:11]}" in str(_live(site)),
                 timeout=30, what="the server's rules on the host")
        namespace = site.plug("inst-k", port_)
        assert site.dhcp(namespace)[0] == port_.address
        site.serve(namespace, 2222, "inst-k")
        assert site.connect(site.host, port_.address, 2222) == "inst-k"
        rules, dnsmasq = _live(site), _dnsmasq(cloud, site)

        processes.kill("network", signal.SIGKILL)
        # the data plane outlives the service
        assert _live(site) == rules
        assert all(os.path.exists(f"/proc/{pid}") for pid, _ in dnsmasq.values())
        assert site.dhcp(namespace)[0] == port_.address

        processes.start("network", "onestack-network", "--config-file",
                        cloud.config_file)
        wait_for(lambda: "started on host" in processes.log("network"), timeout=30,
                 what="the network service to start again")
        assert _live(site) == rules
        assert _dnsmasq(cloud, site) == dnsmasq   # the same processes, adopted
        assert site.dhcp(namespace)[0] == port_.address
        # and it serves: a new rule reaches the host
        _allow(sdk, group, "icmp", -1)
        wait_for(lambda: site.ping(site.host, port_.address), timeout=30,
                 what="the restarted service to apply a new rule")

        sdk.compute.delete(f"/servers/{server_id}")
        wait_for(lambda: f"in-{port_.port_id[:11]}" not in str(_live(site)),
                 timeout=30, what="the server's rules to go")
    finally:
        processes.stop_all()
        if cloud is not None:
            cloud.stop()
        site.remove()
        shutil.rmtree(state_dir, ignore_errors=True)
        database.drop()
        vhost.drop()
    after = machine_snapshot()
    assert (after["links"], after["iptables"]) == (before["links"], before["iptables"])
    assert not [name for name in after["namespaces"] - before["namespaces"]
                if site.suffix in name]
