"""The decision on in-memory host states: filter, weigh, choose; NoValidHost."""
import collections
import random

import pytest

from onestack.common import exceptions
from onestack.scheduler import selection
from onestack.scheduler.errors import NoValidHost
from tests.unit.scheduler.factories import host, request


def boot(selector, hosts, placement, count):
    """Place count instances in memory as a multi-instance boot does."""
    chosen = []
    for _ in range(count):
        state = selector.choose(hosts, placement)
        placement.placed(state)
        chosen.append(state.host)
    return collections.Counter(chosen)


def test_twelve_boots_spread_four_by_four_over_three_equal_hosts(conf):
    hosts = [host(f"h{i}") for i in range(3)]
    placement = request(vcpus=1, memory_mb=512)
    assert boot(selection.Selector(conf), hosts, placement, 12) == \
        {"h0": 4, "h1": 4, "h2": 4}
    assert [state.memory_mb_used for state in hosts] == [2048] * 3
    assert [state.running_vms for state in hosts] == [4] * 3


def test_negative_multipliers_stack_until_the_host_is_full(conf):
    conf.set_override("ram_weight_multiplier", -1.0, group="filter_scheduler")
    conf.set_override("cpu_weight_multiplier", -1.0, group="filter_scheduler")
    hosts = [host(f"h{i}", memory_mb=2048) for i in range(3)]
    placement = request(memory_mb=1024, ratios=request().ratios.__class__(ram=1.0))
    assert boot(selection.Selector(conf), hosts, placement, 5) == {"h0": 2, "h1": 2,
                                                                   "h2": 1}


def test_no_valid_host_says_how_many_hosts_each_filter_removed(conf):
    hosts = [host(f"h{i}", memory_mb=1024) for i in range(3)] + [host("off", up=False)]
    with pytest.raises(NoValidHost) as caught:
        selection.Selector(conf).choose(hosts, request(memory_mb=4096))
    assert isinstance(caught.value, exceptions.BadRequest)
    assert caught.value.message == (
        "No valid host was found. There are not enough hosts available. "
        "ComputeFilter removed 1 host. RamFilter removed 3 hosts.")
    assert "RamFilter: h0 (h0): it has 1536 MB usable RAM, 4096 MB requested" in \
        caught.value.details


def test_no_hosts_at_all(conf):
    with pytest.raises(NoValidHost, match=r"^No valid host was found\. There are not "
                                          r"enough hosts available\.$"):
        selection.Selector(conf).choose([], request())


def test_forced_host_bypasses_every_filter(conf):
    hosts = [host("h1"), host("h2", enabled=False, memory_mb=1)]
    forced = request(memory_mb=4096, force_host="h2")
    assert selection.Selector(conf).choose(hosts, forced).host == "h2"


def test_forced_node_picks_that_node_of_a_host(conf):
    hosts = [host("h1", node="n1"), host("h1", node="n2"), host("h2", node="n3")]
    chosen = selection.Selector(conf).choose(hosts, request(force_host="h1",
                                                            force_node="n2"))
    assert (chosen.host, chosen.hypervisor_hostname) == ("h1", "n2")


def test_forced_host_that_is_not_a_compute_node(conf):
    with pytest.raises(NoValidHost, match="No compute node matches the forced host "
                                          "nowhere."):
        selection.Selector(conf).choose([host("h1")], request(force_host="nowhere"))
    with pytest.raises(NoValidHost, match="forced host h1:n9."):
        selection.Selector(conf).choose([host("h1")], request(force_host="h1",
                                                              force_node="n9"))


def test_anti_affinity_keeps_one_boots_instances_apart(conf):
    hosts = [host("h1"), host("h2")]
    group = request(group_uuid="g", group_policy="anti-affinity")
    selector = selection.Selector(conf)
    assert boot(selector, hosts, group, 2) == {"h1": 1, "h2": 1}
    with pytest.raises(NoValidHost, match="ServerGroupAntiAffinityFilter removed 2 "
                                          "hosts."):
        selector.choose(hosts, group)


def test_anti_affinity_max_server_per_host(conf):
    hosts = [host("h1"), host("h2")]
    group = request(group_uuid="g", group_policy="anti-affinity", max_server_per_host=2)
    assert boot(selection.Selector(conf), hosts, group, 4) == {"h1": 2, "h2": 2}


def test_affinity_puts_one_boots_instances_together(conf):
    hosts = [host("h1"), host("h2"), host("h3")]
    group = request(group_uuid="g", group_policy="affinity")
    assert len(boot(selection.Selector(conf), hosts, group, 5)) == 1


def test_affinity_follows_members_already_placed(conf):
    hosts = [host("h1"), host("h2", memory_mb_used=8000), host("h3")]
    group = request(group_uuid="g", group_policy="affinity", group_hosts={"h2": 1})
    assert boot(selection.Selector(conf), hosts, group, 3) == {"h2": 3}


def test_soft_anti_affinity_spreads_and_then_doubles_up(conf):
    hosts = [host("h1"), host("h2")]
    group = request(group_uuid="g", group_policy="soft-anti-affinity")
    assert boot(selection.Selector(conf), hosts, group, 4) == {"h1": 2, "h2": 2}


def test_availability_zone_restricts_the_candidates(conf):
    hosts = [host("h1"), host("h2"), host("h3")]
    zoned = request(availability_zone="az1", zone_hosts=frozenset({"h2", "h3"}))
    assert set(boot(selection.Selector(conf), hosts, zoned, 4)) == {"h2", "h3"}


def test_host_subset_size_spreads_choices_among_the_best(conf):
    conf.set_override("host_subset_size", 2, group="filter_scheduler")
    hosts = [host("big", memory_mb=65536), host("mid", memory_mb=32768),
             host("small", memory_mb=4096)]
    selector = selection.Selector(conf, rng=random.Random(7))
    assert {selector.choose(hosts, request()).host for _ in range(50)} == {"big", "mid"}
