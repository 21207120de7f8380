"""Each filter's verdict and reason, and how run() counts what each removed."""
import pytest

from onestack.db.compute_nodes import Ratios
from onestack.scheduler import filters
from onestack.scheduler.filters import (AvailabilityZoneFilter, ComputeFilter, CoreFilter,
                                        DiskFilter, RamFilter, ServerGroupAffinityFilter,
                                        ServerGroupAntiAffinityFilter)
from onestack.scheduler.host_state import resources_of
from tests.unit.scheduler.factories import host, request


def test_registry_names_each_filter_by_its_class_name():
    assert {name: cls.__name__ for name, cls in filters.FILTERS.items()} == {
        name: name for name in filters.FILTERS}
    assert [name for name, _ in filters.build(["RamFilter", "ComputeFilter"])] == [
        "RamFilter", "ComputeFilter"]


def test_unknown_filter_name_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="Unknown scheduler filters NoSuchFilter; known: "
                                         "ComputeFilter"):
        filters.build(["RamFilter", "NoSuchFilter"])


def test_default_enabled_filters_all_exist(conf):
    assert [name for name, _ in filters.enabled(conf)] == \
        conf.filter_scheduler.enabled_filters


@pytest.mark.parametrize("values, reason", [
    ({}, None),
    ({"enabled": False, "disabled_reason": "maintenance"},
     "its compute service is disabled (maintenance)"),
    ({"enabled": False}, "its compute service is disabled"),
    ({"up": False}, "its compute service is down"),
    ({"has_service": False, "enabled": False, "up": False},
     "it has no onestack-compute service"),
])
def test_compute_filter(values, reason):
    assert ComputeFilter().host_passes(host(**values), request()) == reason


def test_ram_filter_applies_the_allocation_ratio():
    state = host(memory_mb=4096, memory_mb_used=5000)
    ratio_15 = Ratios(ram=1.5)   # 6144 MB usable in all, 1144 MB left
    assert RamFilter().host_passes(state, request(memory_mb=1144, ratios=ratio_15)) is None
    assert RamFilter().host_passes(state, request(memory_mb=1145, ratios=ratio_15)) == \
        "it has 1144 MB usable RAM, 1145 MB requested"
    assert RamFilter().host_passes(state, request(memory_mb=1, ratios=Ratios(ram=1.0))) \
        == "it has -904 MB usable RAM, 1 MB requested"


def test_core_filter_applies_the_allocation_ratio():
    state = host(vcpus=2, vcpus_used=30)
    assert CoreFilter().host_passes(state, request(vcpus=2, ratios=Ratios(cpu=16))) is None
    assert CoreFilter().host_passes(state, request(vcpus=3, ratios=Ratios(cpu=16))) == \
        "it has 2 usable vCPUs, 3 requested"
    assert CoreFilter().host_passes(host(vcpus=2), request(vcpus=3, ratios=Ratios(cpu=1))) \
        == "it has 2 usable vCPUs, 3 requested"


def test_disk_filter_counts_root_ephemeral_and_swap():
    flavor = {"vcpus": 1, "memory_mb": 512, "root_gb": 10, "ephemeral_gb": 5, "swap": 1536}
    resources = resources_of(flavor)
    assert resources.disk_gb == 17   # 10 + 5 + 1.5 GB of swap rounded up
    fits = request(disk_gb=resources.disk_gb, ratios=Ratios(disk=1.0))
    assert DiskFilter().host_passes(host(local_gb=20, local_gb_used=3), fits) is None
    assert DiskFilter().host_passes(host(local_gb=20, local_gb_used=4), fits) == \
        "it has 16 GB usable disk, 17 GB requested"
    assert DiskFilter().host_passes(host(local_gb=10, local_gb_used=3),
                                    request(disk_gb=17, ratios=Ratios(disk=2.0))) is None


def test_resources_of_a_flavor_without_disks():
    assert resources_of({"vcpus": 2, "memory_mb": 64, "root_gb": 0}) == \
        resources_of({"vcpus": "2", "memory_mb": 64, "root_gb": None, "swap": 0})


def test_availability_zone_filter():
    zoned = request(availability_zone="az1", zone_hosts=frozenset({"h1"}))
    assert AvailabilityZoneFilter().applies(zoned)
    assert AvailabilityZoneFilter().host_passes(host("h1"), zoned) is None
    assert AvailabilityZoneFilter().host_passes(host("h2"), zoned) == \
        "it is not in availability zone az1"
    assert not AvailabilityZoneFilter().applies(request())


def test_affinity_filter_lets_the_first_member_go_anywhere_then_follows_it():
    first = request(group_uuid="g", group_policy="affinity")
    assert ServerGroupAffinityFilter().applies(first)
    assert ServerGroupAffinityFilter().host_passes(host("h2"), first) is None
    placed = request(group_uuid="g", group_policy="affinity", group_hosts={"h1": 2})
    assert ServerGroupAffinityFilter().host_passes(host("h1"), placed) is None
    assert ServerGroupAffinityFilter().host_passes(host("h2"), placed) == \
        "the group's members run on h1"
    assert not ServerGroupAffinityFilter().applies(
        request(group_uuid="g", group_policy="soft-affinity"))


def test_anti_affinity_filter_honours_max_server_per_host():
    group = {"group_uuid": "g", "group_policy": "anti-affinity",
             "group_hosts": {"h1": 1, "h2": 2}}
    default = request(**group)
    assert ServerGroupAntiAffinityFilter().host_passes(host("h3"), default) is None
    assert ServerGroupAntiAffinityFilter().host_passes(host("h1"), default) == \
        "it runs 1 member of the group, at most 1 allowed"
    two = request(max_server_per_host=2, **group)
    assert ServerGroupAntiAffinityFilter().host_passes(host("h1"), two) is None
    assert ServerGroupAntiAffinityFilter().host_passes(host("h2"), two) == \
        "it runs 2 members of the group, at most 2 allowed"
    assert not ServerGroupAntiAffinityFilter().applies(request())


def test_run_counts_what_each_filter_removed_in_order():
    hosts = [host("down", up=False), host("small1", memory_mb=256),
             host("small2", memory_mb=256), host("few-cores", vcpus=1), host("ok")]
    outcome = filters.run(filters.build(["ComputeFilter", "RamFilter", "CoreFilter"]),
                          hosts, request(vcpus=32, memory_mb=1024))
    assert [state.host for state in outcome.hosts] == ["ok"]
    assert outcome.removed == {"ComputeFilter": 1, "RamFilter": 2, "CoreFilter": 1}
    assert outcome.examples[0] == \
        "ComputeFilter: down (down): its compute service is down"


def test_run_skips_filters_that_do_not_apply_and_stops_when_none_is_left():
    hosts = [host("a", up=False), host("b", up=False)]
    outcome = filters.run(filters.build(["ComputeFilter", "RamFilter"]), hosts,
                          request(memory_mb=10**9))
    assert outcome.hosts == [] and outcome.removed == {"ComputeFilter": 2}
    assert outcome.explanation() == \
        "There are not enough hosts available. ComputeFilter removed 2 hosts."


def test_explanation_reads_like_novas():
    outcome = filters.FilterOutcome(hosts=[], removed={"ComputeFilter": 1, "RamFilter": 3})
    assert outcome.explanation() == ("There are not enough hosts available. "
                                     "ComputeFilter removed 1 host. RamFilter removed 3 "
                                     "hosts.")
