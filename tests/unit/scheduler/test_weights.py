"""Weighers: normalization, multipliers, spreading and stacking, soft policies."""
import random

import pytest

from onestack.scheduler import weights
from tests.unit.scheduler.factories import host, request


def names(hosts):
    return [state.host for state in hosts]


def test_normalize_scales_to_unit_range_and_flattens_equal_values():
    assert weights.normalize([10, 20, 15]) == [0.0, 1.0, 0.5]
    assert weights.normalize([-3, -1]) == [0.0, 1.0]
    assert weights.normalize([7, 7, 7]) == [0.0, 0.0, 0.0]


def test_default_multipliers_enable_ram_and_cpu_weighers_and_soft_policies(conf):
    enabled = {type(w).__name__: m for m, w in weights.enabled(conf)}
    assert enabled == {"RAMWeigher": 1.0, "CPUWeigher": 1.0,
                       "ServerGroupSoftAffinityWeigher": 1.0,
                       "ServerGroupSoftAntiAffinityWeigher": 1.0}
    conf.set_override("cpu_weight_multiplier", 0.0, group="filter_scheduler")
    assert "CPUWeigher" not in {type(w).__name__ for _, w in weights.enabled(conf)}


def test_more_free_ram_weighs_more_and_a_negative_multiplier_stacks(conf):
    hosts = [host("full", memory_mb_used=12000), host("empty"),
             host("half", memory_mb_used=8000)]
    spread = [(1.0, weights.RAMWeigher())]
    assert names(weights.order(hosts, request(), spread)) == ["empty", "half", "full"]
    stack = [(-1.0, weights.RAMWeigher())]
    assert names(weights.order(hosts, request(), stack)) == ["full", "half", "empty"]


def test_free_cores_count_the_cpu_allocation_ratio():
    hosts = [host("busy", vcpus=4, vcpus_used=40), host("idle", vcpus=4, vcpus_used=0)]
    assert weights.CPUWeigher().weigh(hosts[0], request()) == 24
    assert names(weights.order(hosts, request(), [(1.0, weights.CPUWeigher())])) == \
        ["idle", "busy"]


def test_multipliers_balance_ram_against_cores():
    ram_rich = host("ram-rich", memory_mb=65536, vcpus=2)
    core_rich = host("core-rich", memory_mb=8192, vcpus=64)
    both = [weights.RAMWeigher(), weights.CPUWeigher()]
    ram_first = list(zip((3.0, 1.0), both))
    assert names(weights.order([core_rich, ram_rich], request(), ram_first))[0] == \
        "ram-rich"
    cores_first = list(zip((1.0, 3.0), both))
    assert names(weights.order([ram_rich, core_rich], request(), cores_first))[0] == \
        "core-rich"


def test_equal_weights_keep_the_hosts_order():
    hosts = [host(f"h{i}") for i in range(5)]
    assert names(weights.order(hosts, request(), [(1.0, weights.RAMWeigher())])) == \
        names(hosts)


def test_soft_affinity_prefers_hosts_with_members():
    members = request(group_uuid="g", group_policy="soft-affinity",
                      group_hosts={"h2": 2, "h3": 1})
    hosts = [host("h1"), host("h2", memory_mb_used=8000), host("h3")]
    every = [(1.0, weights.RAMWeigher()), (10.0, weights.ServerGroupSoftAffinityWeigher()),
             (10.0, weights.ServerGroupSoftAntiAffinityWeigher())]
    # h2: 10 * 1 + 0 (least free RAM); h3: 10 * 0.5 + 1; h1: 0 + 1
    assert names(weights.order(hosts, members, every)) == ["h2", "h3", "h1"]


def test_soft_anti_affinity_prefers_hosts_without_members():
    members = request(group_uuid="g", group_policy="soft-anti-affinity",
                      group_hosts={"h1": 1, "h2": 3})
    hosts = [host("h2"), host("h1"), host("h3", memory_mb_used=4000)]
    every = [(10.0, weights.ServerGroupSoftAntiAffinityWeigher()),
             (10.0, weights.ServerGroupSoftAffinityWeigher()), (1.0, weights.RAMWeigher())]
    # h3: 10 * 1 + 0 (least free RAM); h1: 10 * 2/3 + 1; h2: 0 + 1
    assert names(weights.order(hosts, members, every)) == ["h3", "h1", "h2"]
    # without a soft policy the group weighers stay out of it
    assert names(weights.order(hosts, request(), every)) == ["h2", "h1", "h3"]


@pytest.mark.parametrize("size, count, expected", [(1, 5, {0}), (3, 5, {0, 1, 2}),
                                                   (10, 2, {0, 1})])
def test_pick_chooses_among_the_subset_of_best_hosts(size, count, expected):
    rng = random.Random(4)
    ordered = [host(f"h{i}") for i in range(count)]
    assert {weights.pick(ordered, size, rng) for _ in range(200)} == expected
