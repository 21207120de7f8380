"""One API, one scheduler and three compute hosts as separate processes over
RabbitMQ and PostgreSQL: spread, forced host, a client's request id in the
host's log, live migration, a dead host, evacuation, and compute services
restarted under running servers."""
import collections
import os
import signal
import uuid

import pytest

from tests.support import services
from tests.support.cloud import ADMIN_PASSWORD, load_config, write_config
from tests.support.processes import Processes, answers, run, wait_for

pytestmark = pytest.mark.services
HOSTS = ("host1", "host2", "host3")


@pytest.fixture
def deployment(tmp_path):
    """The API host's config, and each compute host's own (its own state_path,
    as a real machine has: it shares only the database and the bus)."""
    vhost = services.TemporaryVhost()
    database = services.TemporaryDatabase("postgresql")
    shared = {
        "DEFAULT.transport_url": vhost.url,
        "DEFAULT.enabled_apis": "identity,compute,image",
        "DEFAULT.resource_report_interval": 1,
        "database.connection": database.url,
        "fake_driver.vcpus": 8, "fake_driver.memory_mb": 16384,
    }
    config_file = write_config(str(tmp_path / "state"), shared)
    host_configs = {host: write_config(str(tmp_path / host), shared) for host in HOSTS}
    processes = Processes(str(tmp_path))
    try:
        run("onestack-manage", "--config-file", config_file, "db", "sync")
        run("onestack-manage", "--config-file", config_file, "bootstrap")
        processes.start("api", "onestack-api", "--config-file", config_file)
        processes.start("scheduler", "onestack-scheduler", "--config-file", config_file)
        for host in HOSTS:
            _start_compute(processes, host_configs[host], host)
        yield load_config(config_file), config_file, processes, host_configs
    finally:
        processes.stop_all()
        database.drop()
        vhost.drop()


def _start_compute(processes, config_file, host):
    # --debug: the host's log (processes.log(host), its output) then has the
    # line of each RPC message it handles, with the request's ids
    processes.start(host, "onestack-compute", "--config-file", config_file,
                    "--host", host, "--debug")


def _sdk(conf):
    import openstack
    from keystoneauth1 import session as ks_session
    from keystoneauth1.identity import v3
    auth = v3.Password(auth_url=f"http://127.0.0.1:{conf.identity_listen_port}/v3",
                       username="admin", password=ADMIN_PASSWORD, project_name="admin",
                       user_domain_id="default", project_domain_id="default")
    return openstack.connection.Connection(session=ks_session.Session(auth=auth),
                                           region_name="RegionOne")


def _boot(sdk, image_id, name, global_request_id=None, **extra):
    reply = sdk.compute.post("/servers", microversion="2.79", json={"server": {
        "name": name, "imageRef": image_id, "flavorRef": "1", "networks": "none",
        **extra}}, raise_exc=False, global_request_id=global_request_id)
    assert reply.status_code == 202, reply.text
    return reply.json()["server"]["id"]


def _wait(sdk, server_id, status="ACTIVE", timeout=60):
    def reached():
        server = sdk.compute.get(f"/servers/{server_id}", microversion="2.79"
                                 ).json()["server"]
        assert server["status"] != "ERROR", server.get("fault")
        return server if server["status"] == status and \
            server["OS-EXT-STS:task_state"] is None else None
    return wait_for(reached, timeout=timeout, interval=0.2, what=f"{server_id} {status}")


def _service_states(config_file):
    output = run("onestack-manage", "--config-file", config_file, "service", "list").stdout
    return {tuple(line.split()[:2]): line.split()[3] for line in output.splitlines()[1:]}


def _guests(host_configs, host):
    """The guests the fake driver's simulated host keeps, as files."""
    state_path = os.path.dirname(host_configs[host])
    directory = os.path.join(state_path, "fake_driver", host)
    return {name[:-len(".json")] for name in os.listdir(directory)
            if name.endswith(".json")}


def test_three_hosts(deployment):
    conf, config_file, processes, host_configs = deployment
    wait_for(lambda: answers(f"http://127.0.0.1:{conf.osapi_compute_listen_port}/",
                             (200, 300)),
             what=f"onestack-api ({processes.log('api')})")
    sdk = _sdk(conf)
    wait_for(lambda: len(sdk.compute.get("/os-hypervisors", microversion="2.79"
                                         ).json()["hypervisors"]) == 3,
             what="three hypervisors to report")
    image = sdk.image.find_image(conf.image.default_image_name)
    sdk.compute.put(f"/os-quota-sets/{sdk.current_project_id}", json={
        "quota_set": {"instances": 50, "cores": 100, "ram": 100000}})

    ids = [_boot(sdk, image.id, f"spread-{i}") for i in range(12)]
    hosts = collections.Counter(_wait(sdk, i)["OS-EXT-SRV-ATTR:host"] for i in ids)
    # decisions run concurrently, so the spread is even give or take a server
    assert len(hosts) == 3 and min(hosts.values()) >= 3, hosts

    global_id = f"req-{uuid.uuid4()}"
    forced = _boot(sdk, image.id, "forced", global_id, availability_zone="nova:host2")
    assert _wait(sdk, forced)["OS-EXT-SRV-ATTR:host"] == "host2"
    # the caller's request id is in the scheduler's and host2's log lines
    placed = [line for line in processes.log("scheduler").splitlines()
              if global_id in line and f"Instance {forced} placed on host2" in line]
    assert placed, processes.log("scheduler")[-3000:]
    built = [line for line in processes.log("host2").splitlines()
             if global_id in line and "Handling build_instance" in line]
    assert built and "DEBUG onestack.rpc" in built[0], processes.log("host2")[-3000:]

    sdk.compute.post(f"/servers/{forced}/action", microversion="2.79",
                     json={"os-migrateLive": {"host": "host3", "block_migration": "auto"}})
    assert _wait(sdk, forced)["OS-EXT-SRV-ATTR:host"] == "host3"

    processes.kill("host1", signal.SIGKILL)
    wait_for(lambda: _service_states(config_file)[("host1", "onestack-compute")] == "XXX",
             timeout=30, what="host1 to go XXX")
    after = [_boot(sdk, image.id, f"after-{i}") for i in range(3)]
    assert all(_wait(sdk, i)["OS-EXT-SRV-ATTR:host"] != "host1" for i in after)

    on_host1 = [i for i in ids if sdk.compute.get(
        f"/servers/{i}", microversion="2.79").json()["server"]["OS-EXT-SRV-ATTR:host"]
        == "host1"]
    for server_id in on_host1:
        sdk.compute.post(f"/servers/{server_id}/action", microversion="2.79",
                         json={"evacuate": {}})
    for server_id in on_host1:
        assert _wait(sdk, server_id)["OS-EXT-SRV-ATTR:host"] in ("host2", "host3")
    evacuations = sdk.compute.get("/os-migrations?migration_type=evacuation",
                                  microversion="2.79").json()["migrations"]
    assert sorted((m["instance_uuid"], m["status"], m["source_compute"])
                  for m in evacuations) == sorted((i, "done", "host1") for i in on_host1)

    # host1 comes back: the guests evacuated away from it are destroyed there
    assert set(on_host1) <= _guests(host_configs, "host1")
    _start_compute(processes, host_configs["host1"], "host1")
    wait_for(lambda: not set(on_host1) & _guests(host_configs, "host1"), timeout=30,
             what="host1 to destroy the evacuated guests")
    wait_for(lambda: _service_states(config_file)[("host1", "onestack-compute")]
             == ":-)", timeout=30, what="host1 to come back up")

    # a compute service killed under running servers finds them running
    on_host2 = [s["id"] for s in sdk.compute.get(
        "/servers/detail?host=host2", microversion="2.79").json()["servers"]]
    assert on_host2
    sdk.compute.post(f"/servers/{on_host2[0]}/action", microversion="2.79",
                     json={"os-stop": None})
    _wait(sdk, on_host2[0], "SHUTOFF")
    processes.kill("host2", signal.SIGKILL)
    _start_compute(processes, host_configs["host2"], "host2")
    # the reboot after host2's start-up recovery, which would otherwise clear
    # the reboot's task state under it
    wait_for(lambda: "onestack-compute started on host host2" in processes.log("host2"),
             timeout=30, what="host2 to finish its start-up")
    sdk.compute.post(f"/servers/{on_host2[-1]}/action", microversion="2.79",
                     json={"reboot": {"type": "HARD"}})
    shown = _wait(sdk, on_host2[-1], timeout=60)
    assert shown["OS-EXT-STS:power_state"] == 1
    assert _wait(sdk, on_host2[0], "SHUTOFF")["OS-EXT-STS:power_state"] == 4
    console = sdk.compute.post(f"/servers/{on_host2[-1]}/action", microversion="2.79",
                               json={"os-getConsoleOutput": {}}).json()["output"]
    assert "login:" in console and "hard reset" in console

    # a snapshot taken on host3, which shares no disk with the image service,
    # reaches the image service's store through its API
    on_host3 = sdk.compute.get("/servers/detail?host=host3", microversion="2.79"
                               ).json()["servers"][0]["id"]
    reply = sdk.compute.post(f"/servers/{on_host3}/action", microversion="2.79",
                             json={"createImage": {"name": "from-host3"}})
    snapshot_id = reply.json()["image_id"]
    wait_for(lambda: sdk.image.get_image(snapshot_id).status == "active", timeout=60,
             what="the snapshot to become active")
    data = sdk.image.get(f"/images/{snapshot_id}/file").content
    assert data == f"fake snapshot of {on_host3}\n".encode()
    assert not os.path.exists(os.path.join(os.path.dirname(host_configs["host3"]),
                                           "images"))

    # a build message delivered again (as RabbitMQ redelivers an unacknowledged
    # one after a compute restart) changes nothing, and every host's usage is
    # the sum of what its servers' flavors take
    _deliver_build_again(conf, on_host3)
    _assert_usage_is_what_servers_take(sdk)


def _deliver_build_again(conf, server_id):
    from onestack import rpc
    from onestack.common.context import RequestContext
    from onestack.compute import rpcapi as compute_rpcapi
    from onestack.db import engine, instances
    engine.configure(conf)
    rpc.init(conf)
    try:
        instance = instances.get(server_id)
        compute_rpcapi.build_instance(RequestContext.admin(), instance.host, server_id,
                                      None, {}, "pw")
        # the cast is handled before a call made after it on the same host
        compute_rpcapi.get_host_uptime(RequestContext.admin(), instance.host)
    finally:
        rpc.cleanup()
        engine.dispose_all()


def _assert_usage_is_what_servers_take(sdk):
    servers = sdk.compute.get("/servers/detail", microversion="2.79").json()["servers"]
    flavor = sdk.compute.get("/flavors/1").json()["flavor"]
    expected = collections.Counter()
    for server in servers:
        expected[server["OS-EXT-SRV-ATTR:host"]] += 1
    hypervisors = sdk.compute.get("/os-hypervisors/detail", microversion="2.27"
                                  ).json()["hypervisors"]
    for hypervisor in hypervisors:
        count = expected[hypervisor["service"]["host"]]
        assert (hypervisor["running_vms"], hypervisor["vcpus_used"],
                hypervisor["memory_mb_used"]) == \
            (count, count * flavor["vcpus"], count * flavor["ram"]), hypervisor
