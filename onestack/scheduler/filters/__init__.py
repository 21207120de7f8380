"""Host filters: the registry [filter_scheduler] enabled_filters names, and
run(), which passes the candidates through them in order and counts what
each one removed."""
from __future__ import annotations

import dataclasses

from onestack.scheduler.filters.affinity import ServerGroupAffinityFilter
from onestack.scheduler.filters.anti_affinity import ServerGroupAntiAffinityFilter
from onestack.scheduler.filters.availability_zone import AvailabilityZoneFilter
from onestack.scheduler.filters.base import BaseFilter
from onestack.scheduler.filters.compute import ComputeFilter
from onestack.scheduler.filters.core import CoreFilter
from onestack.scheduler.filters.disk import DiskFilter
from onestack.scheduler.filters.ram import RamFilter

FILTERS: dict[str, type[BaseFilter]] = {
    "ComputeFilter": ComputeFilter,
    "AvailabilityZoneFilter": AvailabilityZoneFilter,
    "RamFilter": RamFilter,
    "CoreFilter": CoreFilter,
    "DiskFilter": DiskFilter,
    "ServerGroupAffinityFilter": ServerGroupAffinityFilter,
    "ServerGroupAntiAffinityFilter": ServerGroupAntiAffinityFilter,
}

# The checks a destination forced by an admin's move must still pass.
FORCED_DESTINATION_FILTERS = ("ComputeFilter", "RamFilter", "CoreFilter", "DiskFilter")

EXAMPLES_KEPT = 3  # per filter, the first few rejections kept to explain a failure


def build(names) -> list[tuple[str, BaseFilter]]:
    """(name, filter) for each name, in order; ValueError naming unknown ones."""
    unknown = [name for name in names if name not in FILTERS]
    if unknown:
        raise ValueError(f"Unknown scheduler filters {', '.join(unknown)}; "
                         f"known: {', '.join(FILTERS)}")
    return [(name, FILTERS[name]()) for name in names]


def enabled(conf) -> list[tuple[str, BaseFilter]]:
    return build(conf.filter_scheduler.enabled_filters)


@dataclasses.dataclass
class FilterOutcome:
    hosts: list            # the HostStates that passed every filter
    removed: dict[str, int] = dataclasses.field(default_factory=dict)
    examples: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)  # other reasons

    def explanation(self) -> str:
        """Why no host is left: 'There are not enough hosts available.', how
        many hosts each filter removed, and any other reason."""
        parts = ["There are not enough hosts available."]
        for name, count in self.removed.items():
            parts.append(f"{name} removed {count} host{'' if count == 1 else 's'}.")
        return " ".join(parts + self.notes)


def run(filters: list[tuple[str, BaseFilter]], hosts: list, request) -> FilterOutcome:
    """Pass hosts through the filters in order; stop when none is left."""
    outcome = FilterOutcome(hosts=list(hosts))
    for name, host_filter in filters:
        if not outcome.hosts:
            break
        if not host_filter.applies(request):
            continue
        passing, removed = [], 0
        check = host_filter.host_passes
        for host in outcome.hosts:
            reason = check(host, request)
            if reason is None:
                passing.append(host)
                continue
            removed += 1
            if removed <= EXAMPLES_KEPT:
                outcome.examples.append(
                    f"{name}: {host.host} ({host.hypervisor_hostname}): {reason}")
        if removed:
            outcome.removed[name] = removed
        outcome.hosts = passing
    return outcome
