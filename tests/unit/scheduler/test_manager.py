"""SchedulerManager on a real SQLite database: schedule_and_build places,
records and casts each instance or puts it in ERROR with a fault;
select_destination chooses and claims a host for a move. The compute RPC
cast is recorded instead of sent."""
import json
import uuid

import oslo_messaging as messaging
import pytest

from onestack.common import exceptions
from onestack.db import (aggregates, compute_nodes, instance_actions, instances, quotas,
                         server_groups)
from onestack.scheduler import manager as manager_module
from onestack.scheduler.errors import NoValidHost
from tests.unit.scheduler.factories import CTX, add_compute_host, boot, spec


@pytest.fixture
def casts(monkeypatch):
    sent = []
    monkeypatch.setattr(manager_module.compute_rpcapi, "build_instance",
                        lambda ctx, host, uuid, node_id, spec, password:
                        sent.append((host, uuid, node_id, password)))
    return sent


@pytest.fixture
def scheduler(database):
    return manager_module.SchedulerManager(database, "scheduler-1")


def select(scheduler, **arguments):
    """select_destination as its RPC server runs it: NoValidHost arrives
    wrapped in ExpectedException (logged without a traceback); unwrap it."""
    try:
        return scheduler.select_destination(CTX, spec(), consumer_uuid=str(uuid.uuid4()),
                                            **arguments)
    except messaging.ExpectedException as expected:
        raise expected.exc_info[1] from None


def schedule_event(uuid):
    _, events = instance_actions.get_by_request_id(uuid, CTX.request_id)
    assert [event.event for event in events] == ["schedule_instances"]
    return events[0]


def test_twelve_boots_spread_over_three_hosts_and_are_cast_to_them(scheduler, casts):
    nodes = {name: add_compute_host(name, vcpus=8, memory_mb=32768)
             for name in ("h1", "h2", "h3")}
    uuids = boot(scheduler.conf, 12)
    scheduler.schedule_and_build(CTX, uuids, spec(num_instances=12),
                                 {uuid: "secret" for uuid in uuids})
    placed = {uuid: instances.get(uuid) for uuid in uuids}
    assert sorted(row.host for row in placed.values()) == ["h1"] * 4 + ["h2"] * 4 + \
        ["h3"] * 4
    for uuid, row in placed.items():
        assert (row.node, row.availability_zone, row.vm_state, row.task_state) == \
            (row.host, "nova", "building", "scheduling")
        assert schedule_event(uuid).result == "Success"
    assert casts == [(placed[u].host, u, nodes[placed[u].host].id, "secret")
                     for u in uuids]
    for node in nodes.values():
        row = compute_nodes.get(node.id)
        assert (row.vcpus_used, row.memory_mb_used, row.local_gb_used) == (4, 8192, 40)


def test_no_valid_host_puts_the_instance_in_error_with_the_reasons(scheduler, casts):
    for name in ("h1", "h2", "h3"):
        add_compute_host(name, memory_mb=1024)
    [uuid] = boot(scheduler.conf)
    assert quotas.usages("p1")["instances"] == 1
    scheduler.schedule_and_build(CTX, [uuid], spec(), {uuid: "secret"})
    row = instances.get(uuid)
    assert (row.vm_state, row.task_state, row.host) == ("error", None, None)
    fault = instances.latest_faults([uuid])[uuid]
    assert (fault.code, fault.message) == (
        500, "No valid host was found. There are not enough hosts available. "
             "RamFilter removed 3 hosts.")
    assert "it has 1536 MB usable RAM, 2048 MB requested" in fault.details
    assert quotas.usages("p1") == {"instances": 0, "cores": 0, "ram": 0}
    assert row.quota_held is False
    event = schedule_event(uuid)
    assert event.result == "Error" and event.details == fault.message
    assert casts == []


def test_a_boot_places_what_fits_and_fails_the_rest(scheduler, casts):
    node = add_compute_host("h1", memory_mb=4096)
    scheduler.conf.set_override("ram_allocation_ratio", 1.0)
    uuids = boot(scheduler.conf, 3)
    scheduler.schedule_and_build(CTX, uuids, spec(num_instances=3), {})
    assert [instances.get(u).vm_state for u in uuids] == ["building", "building", "error"]
    assert [cast[1] for cast in casts] == uuids[:2]
    assert compute_nodes.get(node.id).memory_mb_used == 4096
    assert quotas.usages("p1")["instances"] == 2


def test_an_instance_deleted_before_scheduling_is_skipped(scheduler, casts):
    node = add_compute_host("h1")
    first, second = boot(scheduler.conf, 2)
    instances.mark_deleted(first)
    scheduler.schedule_and_build(CTX, [first, second], spec(num_instances=2), {})
    assert [cast[1] for cast in casts] == [second]
    assert compute_nodes.get(node.id).running_vms == 1


def test_an_instance_deleted_while_placed_gives_its_claim_back(scheduler, casts,
                                                                monkeypatch):
    node = add_compute_host("h1")
    [uuid] = boot(scheduler.conf)
    place = scheduler.selector.place

    def place_then_delete(hosts, request, host_filters=None):
        chosen = place(hosts, request, host_filters)
        instances.mark_deleted(uuid)
        return chosen

    monkeypatch.setattr(scheduler.selector, "place", place_then_delete)
    scheduler.schedule_and_build(CTX, [uuid], spec(), {})
    row = compute_nodes.get(node.id)
    assert (row.vcpus_used, row.memory_mb_used, row.running_vms) == (0, 0, 0)
    assert casts == [] and schedule_event(uuid).result == "Error"


def test_a_failed_cast_gives_the_claim_back_and_leaves_no_host(scheduler, monkeypatch):
    node = add_compute_host("h1")
    [uuid] = boot(scheduler.conf)

    def unreachable(*args):
        raise exceptions.ServiceUnavailable("compute.h1 is unreachable")

    monkeypatch.setattr(manager_module.compute_rpcapi, "build_instance", unreachable)
    scheduler.schedule_and_build(CTX, [uuid], spec(), {})
    row = instances.get(uuid)
    assert (row.vm_state, row.task_state, row.host, row.node) == ("error", None, None, None)
    assert instances.latest_faults([uuid])[uuid].message == "compute.h1 is unreachable"
    assert compute_nodes.get(node.id).running_vms == 0


def test_an_unreadable_database_still_errors_every_instance(scheduler, casts,
                                                             monkeypatch):
    uuids = boot(scheduler.conf, 2)

    def broken(conf):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(manager_module.host_state, "load", broken)
    scheduler.schedule_and_build(CTX, uuids, spec(num_instances=2), {})
    assert [(instances.get(u).vm_state, instances.get(u).task_state) for u in uuids] == \
        [("error", None)] * 2
    assert instances.latest_faults(uuids)[uuids[0]].message == "database is locked"


def test_a_requested_zone_is_kept_and_honoured(scheduler, casts):
    add_compute_host("h1")
    add_compute_host("az1-h2", memory_mb=4096)
    aggregates.add_host(aggregates.create("agg1", availability_zone="az1").id, "az1-h2")
    [uuid] = boot(scheduler.conf, zone="az1")
    scheduler.schedule_and_build(CTX, [uuid], spec(availability_zone="az1"), {})
    row = instances.get(uuid)
    assert (row.host, row.availability_zone) == ("az1-h2", "az1")


def test_forced_host_bypasses_filters_but_is_claimed(scheduler, casts):
    forced_node = add_compute_host("h1", memory_mb=2048, disabled=True)
    add_compute_host("h2", vcpus=64, memory_mb=65536)
    first, second = boot(scheduler.conf, 2)
    scheduler.schedule_and_build(CTX, [first, second],
                                 spec(force_host="h1", num_instances=2), {})
    assert instances.get(first).host == "h1"
    assert instances.latest_faults([second])[second].message == (
        "No valid host was found. There are not enough hosts available. "
        "The forced host h1 has not enough free resources.")
    assert compute_nodes.get(forced_node.id).memory_mb_used == 2048


def test_anti_affinity_members_are_recorded_and_kept_apart(scheduler, casts):
    for name in ("h1", "h2"):
        add_compute_host(name)
    group = server_groups.create(scheduler.conf, "p1", "u1", "apart", "anti-affinity")
    group_spec = {"uuid": group.uuid, "policy": "anti-affinity", "rules": {}}
    uuids = boot(scheduler.conf, 3)
    scheduler.schedule_and_build(CTX, uuids, spec(group=group_spec, num_instances=3), {})
    assert sorted(server_groups.members_hosts(group.uuid)) == ["h1", "h2"]
    assert instances.latest_faults([uuids[2]])[uuids[2]].message.endswith(
        "ServerGroupAntiAffinityFilter removed 2 hosts.")
    # a later boot into the same group sees the members' hosts
    [late] = boot(scheduler.conf)
    scheduler.schedule_and_build(CTX, [late], spec(group=group_spec), {})
    assert instances.get(late).vm_state == "error"


def test_a_concurrent_anti_affinity_boot_that_took_the_host_first_wins(
        scheduler, casts, monkeypatch):
    big = add_compute_host("h1", vcpus=64, memory_mb=65536)
    small = add_compute_host("h2", vcpus=8, memory_mb=16384)
    group = server_groups.create(scheduler.conf, "p1", "u1", "apart", "anti-affinity")
    group_spec = {"uuid": group.uuid, "policy": "anti-affinity", "rules": {}}
    [first] = boot(scheduler.conf)
    scheduler.schedule_and_build(CTX, [first], spec(group=group_spec), {})
    assert instances.get(first).host == "h1"
    # the second boot read the group before the first recorded its member
    members_hosts = server_groups.members_hosts
    reads = []

    def stale_then_current(group_uuid):
        reads.append(group_uuid)
        return [] if len(reads) == 1 else members_hosts(group_uuid)

    monkeypatch.setattr(manager_module.server_groups, "members_hosts",
                        stale_then_current)
    [second] = boot(scheduler.conf)
    scheduler.schedule_and_build(CTX, [second], spec(group=group_spec), {})
    assert instances.get(second).host == "h2" and len(reads) == 2
    assert sorted(server_groups.members_hosts(group.uuid)) == ["h1", "h2"]
    assert compute_nodes.get(big.id).memory_mb_used == 2048  # the h1 claim went back
    assert compute_nodes.get(small.id).memory_mb_used == 2048
    assert schedule_event(second).result == "Success"


def test_affinity_members_follow_the_first(scheduler, casts):
    for name in ("h1", "h2", "h3"):
        add_compute_host(name, vcpus=16, memory_mb=65536)
    group = server_groups.create(scheduler.conf, "p1", "u1", "together", "affinity")
    group_spec = {"uuid": group.uuid, "policy": "affinity", "rules": {}}
    for _ in range(3):  # three boots of one server each
        scheduler.schedule_and_build(CTX, boot(scheduler.conf), spec(group=group_spec), {})
    assert len(set(server_groups.members_hosts(group.uuid))) == 1
    assert len(casts) == 3


def test_anti_affinity_max_server_per_host_as_stored_rules(scheduler, casts):
    for name in ("h1", "h2"):
        add_compute_host(name)
    group = server_groups.create(scheduler.conf, "p1", "u1", "pairs", "anti-affinity",
                                 {"max_server_per_host": 2})
    group_spec = {"uuid": group.uuid, "policy": "anti-affinity",
                  "rules": json.dumps(server_groups.rules_of(group))}
    uuids = boot(scheduler.conf, 5)
    scheduler.schedule_and_build(CTX, uuids, spec(group=group_spec, num_instances=5), {})
    assert sorted(server_groups.members_hosts(group.uuid)) == ["h1", "h1", "h2", "h2"]
    assert instances.get(uuids[4]).vm_state == "error"


def test_select_destination_excludes_the_source_and_claims(scheduler):
    add_compute_host("src", memory_mb=65536)
    dest = add_compute_host("dest")
    chosen = select(scheduler, exclude_hosts=["src"])
    assert chosen == {"host": "dest", "node_id": dest.id, "hypervisor_hostname": "dest"}
    assert compute_nodes.get(dest.id).memory_mb_used == 2048


def test_select_destination_checks_a_forced_host(scheduler):
    add_compute_host("small", memory_mb=1024)
    add_compute_host("off", disabled=True)
    add_compute_host("fits")
    assert select(scheduler, force_host="fits")["host"] == "fits"
    with pytest.raises(NoValidHost, match="RamFilter removed 1 host."):
        select(scheduler, force_host="small")
    with pytest.raises(NoValidHost, match="ComputeFilter removed 1 host."):
        select(scheduler, force_host="off")
    with pytest.raises(NoValidHost, match="Host fits is not a compute host or may not "
                                          "be chosen."):
        select(scheduler, exclude_hosts=["fits"], force_host="fits")


def test_select_destination_when_nothing_fits(scheduler):
    add_compute_host("h1", memory_mb=512)
    with pytest.raises(NoValidHost) as caught:
        select(scheduler)
    assert isinstance(caught.value, exceptions.BadRequest) and caught.value.code == 400
    assert caught.value.message == ("No valid host was found. There are not enough hosts "
                                    "available. RamFilter removed 1 host.")
