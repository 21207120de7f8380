"""Weighers: order the hosts that passed the filters, best first.

Each weigher gives every host a raw value; the values are normalized to
[0, 1] over the candidates (all equal: all 0), multiplied by the weigher's
[filter_scheduler] multiplier and summed. With the default positive RAM and
CPU multipliers the emptiest host wins, so boots spread; negative ones stack.
"""
from __future__ import annotations

import random

from onestack.scheduler.host_state import HostState
from onestack.scheduler.request import PlacementRequest


class BaseWeigher:
    option = ""  # its multiplier in [filter_scheduler]

    def applies(self, request: PlacementRequest) -> bool:
        return True

    def weigh(self, host: HostState, request: PlacementRequest) -> float:
        raise NotImplementedError


class RAMWeigher(BaseWeigher):
    """More free RAM weighs more."""
    option = "ram_weight_multiplier"

    def weigh(self, host, request):
        return host.memory_mb - host.memory_mb_used


class CPUWeigher(BaseWeigher):
    """More free vCPUs (after cpu_allocation_ratio) weigh more."""
    option = "cpu_weight_multiplier"

    def weigh(self, host, request):
        return host.vcpus * request.ratios.cpu - host.vcpus_used


class ServerGroupSoftAffinityWeigher(BaseWeigher):
    """Hosts running more members of a soft-affinity group weigh more."""
    option = "soft_affinity_weight_multiplier"

    def applies(self, request):
        return request.group_policy == "soft-affinity"

    def weigh(self, host, request):
        return request.group_hosts.get(host.host, 0)


class ServerGroupSoftAntiAffinityWeigher(BaseWeigher):
    """Hosts running more members of a soft-anti-affinity group weigh less."""
    option = "soft_anti_affinity_weight_multiplier"

    def applies(self, request):
        return request.group_policy == "soft-anti-affinity"

    def weigh(self, host, request):
        return -request.group_hosts.get(host.host, 0)


WEIGHERS: dict[str, type[BaseWeigher]] = {
    "RAMWeigher": RAMWeigher,
    "CPUWeigher": CPUWeigher,
    "ServerGroupSoftAffinityWeigher": ServerGroupSoftAffinityWeigher,
    "ServerGroupSoftAntiAffinityWeigher": ServerGroupSoftAntiAffinityWeigher,
}


def enabled(conf) -> list[tuple[float, BaseWeigher]]:
    """(multiplier, weigher) for every weigher whose multiplier is not 0."""
    options = conf.filter_scheduler
    weighers = [(options[cls.option], cls()) for cls in WEIGHERS.values()]
    return [(multiplier, weigher) for multiplier, weigher in weighers if multiplier]


def normalize(values: list[float]) -> list[float]:
    """Scale values to [0, 1]; all equal gives all 0."""
    low, high = min(values), max(values)
    if high == low:
        return [0.0] * len(values)
    span = high - low
    return [(value - low) / span for value in values]


def order(hosts: list[HostState], request: PlacementRequest,
          weighers: list[tuple[float, BaseWeigher]]) -> list[HostState]:
    """The hosts, heaviest first; equal weights keep their order."""
    if len(hosts) < 2:
        return list(hosts)
    totals = [0.0] * len(hosts)
    for multiplier, weigher in weighers:
        if not weigher.applies(request):
            continue
        weigh = weigher.weigh
        raw = [weigh(host, request) for host in hosts]
        totals = [total + multiplier * value
                  for total, value in zip(totals, normalize(raw))]
    ranking = sorted(range(len(hosts)), key=totals.__getitem__, reverse=True)
    return [hosts[i] for i in ranking]


def pick(ordered: list[HostState], subset_size: int,
         rng: random.Random | None = None) -> int:
    """Index of the host to try: one of the subset_size best, at random."""
    size = min(subset_size, len(ordered))
    if size <= 1:
        return 0
    return (rng or random).randrange(size)
