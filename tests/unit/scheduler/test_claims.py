"""Claims on a real SQLite database: atomic under concurrency, released
exactly once, and a lost claim makes the scheduler try the next best host."""
import concurrent.futures
import threading
import uuid

import pytest

from onestack.db import allocations, compute_nodes
from onestack.scheduler import host_state, selection
from onestack.scheduler.errors import NoValidHost
from tests.unit.scheduler.factories import add_compute_host, request

THREADS = 20


def run_together(function, count=THREADS):
    """Run function(i) in count threads released at the same moment."""
    barrier = threading.Barrier(count)

    def call(index):
        barrier.wait()
        try:
            return function(index)
        except NoValidHost as error:
            return error

    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        return list(pool.map(call, range(count)))


SMALL = compute_nodes.Resources(vcpus=1, memory_mb=512, disk_gb=1)


def usage(node_id):
    row = compute_nodes.get(node_id)
    return (row.vcpus_used, row.memory_mb_used, row.local_gb_used, row.running_vms)


def consumer() -> str:
    return str(uuid.uuid4())


def test_concurrent_claims_on_a_node_that_fits_ten_let_exactly_ten_succeed(database):
    node = add_compute_host("h1", vcpus=10)
    ratios = compute_nodes.Ratios(cpu=1.0, ram=1.0, disk=1.0)
    consumers = [consumer() for _ in range(THREADS)]
    results = run_together(lambda i: allocations.claim(consumers[i], node.id, SMALL,
                                                       ratios))
    assert results.count(True) == 10 and results.count(False) == 10
    assert usage(node.id) == (10, 5120, 10, 10)
    holders = {row.consumer_uuid for row in allocations.of_consumers(consumers)}
    assert holders == {c for c, won in zip(consumers, results) if won}


def test_a_release_repeated_concurrently_gives_back_once(database):
    node = add_compute_host("h1", vcpus=10)
    ratios = compute_nodes.Ratios(cpu=1.0, ram=1.0, disk=1.0)
    kept, released = consumer(), consumer()
    assert allocations.claim(kept, node.id, SMALL, ratios)
    assert allocations.claim(released, node.id, SMALL, ratios)
    results = run_together(lambda _: allocations.release(released))
    assert sum(results) == 1
    assert usage(node.id) == (1, 512, 1, 1)
    assert allocations.release(released) == 0
    assert usage(node.id) == (1, 512, 1, 1)


def test_a_repeated_claim_by_one_consumer_holds_once(database):
    node = add_compute_host("h1", vcpus=10)
    ratios = compute_nodes.Ratios(cpu=1.0, ram=1.0, disk=1.0)
    same = consumer()
    assert all(run_together(lambda _: allocations.claim(same, node.id, SMALL, ratios)))
    assert usage(node.id) == (1, 512, 1, 1)


def test_true_up_sets_the_counters_to_the_sum_of_allocations(database):
    node = add_compute_host("h1", vcpus=10)
    ratios = compute_nodes.Ratios(cpu=1.0, ram=1.0, disk=1.0)
    assert allocations.claim(consumer(), node.id, SMALL, ratios)
    compute_nodes.report("h1", "h1", {"vcpus_used": 7, "running_vms": 9})
    allocations.true_up(node.id)
    assert usage(node.id) == (1, 512, 1, 1)


def test_concurrent_placements_never_oversubscribe(database):
    """Twenty schedulers, each with its own (soon stale) view, one node fitting
    ten: ten placements hold and the other ten end in NoValidHost."""
    database.set_override("cpu_allocation_ratio", 1.0)
    node = add_compute_host("h1", vcpus=10)

    def place(_):
        hosts = host_state.load(database)
        return selection.Selector(database).place(
            hosts, request(vcpus=1, memory_mb=256, ratios=host_state.ratios_of(database)),
            consumer())

    results = run_together(place)
    placed = [r for r in results if not isinstance(r, NoValidHost)]
    refused = [r for r in results if isinstance(r, NoValidHost)]
    assert len(placed) == 10 and len(refused) == 10
    assert {state.node_id for state in placed} == {node.id}
    assert compute_nodes.get(node.id).vcpus_used == 10
    assert all(error.message.startswith("No valid host was found. There are not enough "
                                        "hosts available.") for error in refused)


def test_a_lost_claim_moves_on_to_the_next_best_host(database):
    database.set_override("ram_allocation_ratio", 1.0)
    best = add_compute_host("best", memory_mb=8192)
    add_compute_host("second", memory_mb=4096)
    hosts = host_state.load(database)
    # another scheduler fills the best node after this one read the hosts
    assert allocations.claim(consumer(), best.id, compute_nodes.Resources(1, 8192, 0),
                             host_state.ratios_of(database))
    chosen = selection.Selector(database).place(
        hosts, request(memory_mb=2048, ratios=host_state.ratios_of(database)), consumer())
    assert chosen.host == "second"
    assert compute_nodes.get(best.id).memory_mb_used == 8192
    assert compute_nodes.get(chosen.node_id).memory_mb_used == 2048
    # the lost host's state was read again: the next placement skips it
    assert next(s for s in hosts if s.host == "best").memory_mb_used == 8192


def test_every_claim_lost_is_explained(database):
    only = add_compute_host("only", memory_mb=4096)
    hosts = host_state.load(database)
    ratios = compute_nodes.Ratios(ram=1.0)
    assert allocations.claim(consumer(), only.id, compute_nodes.Resources(1, 4096, 0),
                             ratios)
    with pytest.raises(NoValidHost, match=r"There are not enough hosts available\. "
                                          r"1 host was filled by concurrent requests\."):
        selection.Selector(database).place(hosts, request(memory_mb=1024, ratios=ratios),
                                           consumer())


def test_a_forced_host_is_still_claimed(database):
    full = add_compute_host("full", memory_mb=1024)
    hosts = host_state.load(database)
    forced = request(memory_mb=2048, force_host="full",
                     ratios=compute_nodes.Ratios(ram=1.0))
    with pytest.raises(NoValidHost, match="The forced host full has not enough free "
                                          "resources."):
        selection.Selector(database).place(hosts, forced, consumer())
    assert compute_nodes.get(full.id).memory_mb_used == 0


def test_host_states_join_nodes_with_their_compute_service(database):
    add_compute_host("up")
    add_compute_host("disabled", disabled=True, disabled_reason="maintenance")
    add_compute_host("forced-down", forced_down=True)
    compute_nodes.report("orphan", "orphan", {"vcpus": 1, "memory_mb": 1, "local_gb": 1,
                                              "hypervisor_type": "fake"})
    states = {state.host: state for state in host_state.load(database)}
    assert (states["up"].enabled, states["up"].up, states["up"].has_service) == \
        (True, True, True)
    assert (states["disabled"].enabled, states["disabled"].disabled_reason) == \
        (False, "maintenance")
    assert states["forced-down"].up is False
    assert states["orphan"].has_service is False
    assert (states["up"].vcpus, states["up"].memory_mb, states["up"].local_gb) == \
        (4, 8192, 100)
