"""What one placement asks for, in the form filters and weighers read.

The manager builds a PlacementRequest from the request_spec dict of the RPC
API (onestack.scheduler.rpcapi), reading the hosts of the requested
availability zone and of the server group's members once per request, so that
no filter or weigher touches the database.
"""
from __future__ import annotations

import collections
import dataclasses
import json

from onestack.db import compute_nodes
from onestack.scheduler import host_state

@dataclasses.dataclass
class PlacementRequest:
    resources: host_state.Resources
    ratios: compute_nodes.Ratios = dataclasses.field(default_factory=compute_nodes.Ratios)
    availability_zone: str | None = None
    zone_hosts: frozenset[str] | None = None   # hosts of availability_zone
    force_host: str | None = None
    force_node: str | None = None
    group_uuid: str | None = None
    group_policy: str | None = None
    max_server_per_host: int = 1                # anti-affinity's rule
    # host -> how many members of the group run there (this request's included)
    group_hosts: collections.Counter = dataclasses.field(
        default_factory=collections.Counter)

    @classmethod
    def from_spec(cls, spec: dict, ratios: compute_nodes.Ratios) -> "PlacementRequest":
        """The request's own values; the caller fills zone_hosts (when
        availability_zone is set) and group_hosts (when group_uuid is)."""
        group = spec.get("group") or {}
        return cls(resources=host_state.resources_of(spec["flavor"]), ratios=ratios,
                   availability_zone=spec.get("availability_zone") or None,
                   force_host=spec.get("force_host") or None,
                   force_node=spec.get("force_node") or None,
                   group_uuid=group.get("uuid") or None,
                   group_policy=group.get("policy") if group.get("uuid") else None,
                   max_server_per_host=max_server_per_host(group.get("rules")))

    @property
    def forced(self) -> bool:
        return bool(self.force_host or self.force_node)

    def placed(self, state: host_state.HostState) -> None:
        """Account for an instance of this request just claimed on state."""
        r = self.resources
        state.consume(r.vcpus, r.memory_mb, r.disk_gb)
        if self.group_uuid:
            self.group_hosts[state.host] += 1

    def unplaced(self, state: host_state.HostState) -> None:
        """Undo placed(): the claim on state was released."""
        r = self.resources
        state.give_back(r.vcpus, r.memory_mb, r.disk_gb)
        if self.group_uuid and self.group_hosts[state.host] > 0:
            self.group_hosts[state.host] -= 1
            if not self.group_hosts[state.host]:
                del self.group_hosts[state.host]


def max_server_per_host(rules) -> int:
    """The anti-affinity rule max_server_per_host (default 1); rules may come
    as a dict or as its JSON text."""
    if isinstance(rules, str):
        rules = json.loads(rules or "{}")
    return int((rules or {}).get("max_server_per_host") or 1)
