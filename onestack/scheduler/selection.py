"""Choosing a host: filter and weigh in memory, then claim on the database.

rank() is the decision (no I/O: benchmarks/scheduler_decision.py measures it);
place() allocates on the best candidate with allocations.claim (a row for
the consumer and an atomic conditional UPDATE of the node's counters), and when a concurrent claim has filled that node it reads
the node again and tries the next best, until one claim holds or none is left.
"""
from __future__ import annotations

import random

from oslo_log import log as logging

from onestack.common import exceptions
from onestack.db import allocations, compute_nodes
from onestack.scheduler import filters as filters_module
from onestack.scheduler import weights
from onestack.scheduler.errors import NoValidHost
from onestack.scheduler.host_state import HostState
from onestack.scheduler.request import PlacementRequest

LOG = logging.getLogger(__name__)


def forced_hosts(hosts: list[HostState], host: str | None,
                 node: str | None) -> list[HostState]:
    return [state for state in hosts
            if (not host or state.host == host)
            and (not node or state.hypervisor_hostname == node)]


def _forced_name(host: str | None, node: str | None) -> str:
    return f"{host or '*'}:{node}" if node else str(host)


class Selector:
    def __init__(self, conf, rng: random.Random | None = None):
        self.filters = filters_module.enabled(conf)   # ValueError on unknown names
        self.forced_destination_filters = filters_module.build(
            filters_module.FORCED_DESTINATION_FILTERS)
        self.weighers = weights.enabled(conf)
        self.subset_size = conf.filter_scheduler.host_subset_size
        self.rng = rng or random.Random()

    def rank(self, hosts: list[HostState], request: PlacementRequest,
             host_filters=None) -> tuple[list[HostState], filters_module.FilterOutcome]:
        """The candidates, best first, and what the filters removed. A boot
        forced to a host or node bypasses the filters (its claim still checks
        that it fits)."""
        if request.forced:
            matching = forced_hosts(hosts, request.force_host, request.force_node)
            outcome = filters_module.FilterOutcome(hosts=matching)
            if not matching:
                name = _forced_name(request.force_host, request.force_node)
                outcome.notes.append(f"No compute node matches the forced host {name}.")
        else:
            outcome = filters_module.run(
                self.filters if host_filters is None else host_filters, hosts, request)
        return weights.order(outcome.hosts, request, self.weighers), outcome

    def choose(self, hosts, request, host_filters=None) -> HostState:
        """The host the decision picks, without claiming (NoValidHost if none)."""
        ordered, outcome = self.rank(hosts, request, host_filters)
        if not ordered:
            raise self._no_valid_host(outcome)
        return ordered[weights.pick(ordered, self.subset_size, self.rng)]

    def place(self, hosts: list[HostState], request: PlacementRequest,
              consumer_uuid: str, host_filters=None) -> HostState:
        """Allocate the request's resources to the consumer on the best host
        that still has them; the chosen HostState (and request) account for
        the claim."""
        ordered, outcome = self.rank(hosts, request, host_filters)
        resources, lost = request.resources, 0
        while ordered:
            state = ordered.pop(weights.pick(ordered, self.subset_size, self.rng))
            if allocations.claim(consumer_uuid, state.node_id, resources,
                                 request.ratios):
                request.placed(state)
                return state
            lost += 1
            LOG.debug("Claim on %s (%s) lost to a concurrent one; trying the next "
                      "host", state.host, state.hypervisor_hostname)
            self._refresh(state)
        if lost and request.forced:
            name = _forced_name(request.force_host, request.force_node)
            outcome.notes.append(f"The forced host {name} has not enough free resources.")
        elif lost:
            outcome.notes.append(f"{lost} host{' was' if lost == 1 else 's were'} "
                                 "filled by concurrent requests.")
        raise self._no_valid_host(outcome)

    @staticmethod
    def release(state: HostState, request: PlacementRequest,
                consumer_uuid: str) -> None:
        """Give back a claim place() made (the instance went away meanwhile)."""
        allocations.release(consumer_uuid, [state.node_id])
        request.unplaced(state)

    @staticmethod
    def _refresh(state: HostState) -> None:
        try:
            state.refresh(compute_nodes.get(state.node_id))
        except exceptions.NotFound:
            state.has_service = False  # the node is gone: no filter lets it pass

    @staticmethod
    def _no_valid_host(outcome) -> NoValidHost:
        error = NoValidHost(outcome.explanation())
        error.details = "\n".join(outcome.examples) or None
        LOG.info("%s %s", error.message, "; ".join(outcome.examples))
        return error
