"""The build as steps with undos, and the one teardown, on a real SQLite
database with the fake driver: a failure injected at any step, a delete
during the build or a repeated build message leaves the host's usage, the
allocations, the quota and the driver exactly where they should be."""
import dataclasses
import threading
import time

import pytest

from onestack.compute import manager as compute_manager
from onestack.compute.ops import build, common, lifecycle
from onestack.db import allocations, compute_nodes, instances, networks, quotas
from onestack.network import api as network_api
from onestack.virt import driver, fake
from tests.unit.scheduler.factories import CTX, FLAVOR, add_compute_host, boot

VOLUME = driver.BlockDevice("vdb", "volume", 1, "volume-1")


@pytest.fixture
def host(database, monkeypatch, refreshes):
    """Compute host h1, beside the shared network `private`, whose instances
    each have one volume too."""
    spec_for = common.spec_for

    def with_volume(instance, *args, **kwargs):
        spec = spec_for(instance, *args, **kwargs)
        return dataclasses.replace(spec, block_devices=spec.block_devices + (VOLUME,))

    monkeypatch.setattr(common, "spec_for", with_volume)
    network_api.create_networks(database, "private", "10.0.0.0/24")
    fake.reset()
    node = add_compute_host("h1", vcpus=8, memory_mb=16384)
    manager = compute_manager.ComputeManager(database, "h1")
    manager.node = node
    yield manager
    fake.reset()


def placed(host) -> str:
    """An instance the scheduler placed on host: allocated, recorded, scheduling."""
    uuid = boot(host.conf)[0]
    amounts = compute_nodes.resources_of(FLAVOR)
    assert allocations.claim(uuid, host.node.id, amounts, compute_nodes.Ratios())
    instances.update(uuid, host="h1", node="h1")
    return uuid


def node_usage(host):
    row = compute_nodes.get(host.node.id)
    return (row.vcpus_used, row.memory_mb_used, row.local_gb_used, row.running_vms)


def assert_nothing_held(host, uuid):
    assert allocations.of_consumers(uuid) == []
    assert networks.of_instances([uuid]) == []
    assert node_usage(host) == (0, 0, 0, 0)
    assert uuid not in host.driver.list_instances()
    assert host.driver.plugged(uuid) == {"interfaces": {}, "volumes": {}}


def test_a_build_runs_every_step_and_holds_what_they_took(host):
    uuid = placed(host)
    build.build_instance(host, CTX, uuid, "pw")
    instance = instances.get(uuid)
    assert (instance.vm_state, instance.task_state) == ("active", None)
    assert node_usage(host) == (1, 2048, 10, 1)
    [address] = networks.of_instances([uuid])
    assert address.address == "10.0.0.2"   # .0 is the network, .1 the gateway
    assert host.driver.plugged(uuid) == {
        "interfaces": {address.uuid: address.mac_address},
        "volumes": {"vdb": "volume-1"}}
    spec = host.driver._get(uuid)["spec"]
    assert [i.addresses for i in spec.interfaces] == [("10.0.0.2/24",)]
    assert [d.device_name for d in spec.block_devices] == \
        ["vdb"]  # no image: no root disk of its own here; the volume
    lifecycle.terminate_instance(host, CTX, uuid)
    assert_nothing_held(host, uuid)
    assert quotas.usages("p1")["instances"] == 0


@pytest.mark.parametrize("step", ["plug_interface", "attach_block_device", "spawn"])
def test_a_failed_step_leaves_nothing_behind(host, refreshes, step):
    uuid = placed(host)
    fake.fail_step(step, f"{step} broke")
    build.build_instance(host, CTX, uuid, "pw")
    instance = instances.get(uuid)
    assert (instance.vm_state, instance.task_state, instance.host) == \
        ("error", None, None)
    assert instances.latest_faults([uuid])[uuid].message == f"{step} broke"
    assert_nothing_held(host, uuid)
    assert len(refreshes) == 2  # the address taken, then given back
    # an instance in ERROR keeps its quota until it is deleted
    assert quotas.usages("p1")["instances"] == 1
    instances.mark_deleted(uuid)
    assert quotas.usages("p1") == {"instances": 0, "cores": 0, "ram": 0}


def test_a_claim_given_back_before_the_build_fails_it(host):
    uuid = placed(host)
    allocations.release(uuid)
    build.build_instance(host, CTX, uuid, "pw")
    assert instances.get(uuid).vm_state == "error"
    assert "given back" in instances.latest_faults([uuid])[uuid].message
    assert_nothing_held(host, uuid)


def test_a_delete_during_the_build_releases_once(host):
    uuid = placed(host)
    fake.DELAYS["spawn"] = 0.5
    builder = threading.Thread(target=build.build_instance, args=(host, CTX, uuid, "pw"))
    builder.start()
    while instances.get(uuid).task_state != "spawning":
        time.sleep(0.01)
    instances.update(uuid, task_state="deleting")  # as the API does
    lifecycle.terminate_instance(host, CTX, uuid)
    builder.join()
    assert instances.get(uuid, read_deleted=True).deleted
    assert_nothing_held(host, uuid)  # a second release would make these negative
    assert quotas.usages("p1") == {"instances": 0, "cores": 0, "ram": 0}


def test_a_repeated_build_message_changes_nothing(host):
    uuid = placed(host)
    build.build_instance(host, CTX, uuid, "pw")
    before = node_usage(host)
    build.build_instance(host, CTX, uuid, "pw")   # redelivered
    assert instances.get(uuid).vm_state == "active"
    assert node_usage(host) == before == (1, 2048, 10, 1)
    assert allocations.of_consumers(uuid)[0].node_id == host.node.id


def test_a_build_message_for_a_deleted_instance_frees_what_it_held(host):
    uuid = placed(host)
    instances.mark_deleted(uuid)
    build.build_instance(host, CTX, uuid, "pw")
    assert_nothing_held(host, uuid)


def test_teardown_runs_every_undo_even_when_one_fails(host):
    uuid = placed(host)
    build.build_instance(host, CTX, uuid, "pw")
    fake.fail_step("destroy", "the hypervisor is stuck")
    instances.update(uuid, task_state="deleting")
    lifecycle.terminate_instance(host, CTX, uuid)
    instance = instances.get(uuid)
    assert (instance.vm_state, instance.task_state) == ("error", None)
    assert instances.latest_faults([uuid])[uuid].message == "the hypervisor is stuck"
    # the other undos ran: the volume and interface are gone, the claim is back
    assert host.driver.plugged(uuid) == {"interfaces": {}, "volumes": {}}
    assert node_usage(host) == (0, 0, 0, 0)
    fake.reset()
    instances.update(uuid, task_state="deleting")   # the user deletes again
    lifecycle.terminate_instance(host, CTX, uuid)
    assert instances.get(uuid, read_deleted=True).deleted
    assert_nothing_held(host, uuid)
    assert quotas.usages("p1")["instances"] == 0


def test_an_exhausted_network_fails_the_build_and_holds_nothing(host):
    networks.reserve("10.0.0.2")
    for last in range(3, 255):
        networks.reserve(f"10.0.0.{last}")
    uuid = placed(host)
    build.build_instance(host, CTX, uuid, "pw")
    assert instances.get(uuid).vm_state == "error"
    assert "No fixed IP addresses are left in network private" in \
        instances.latest_faults([uuid])[uuid].message
    assert_nothing_held(host, uuid)
