"""What the scheduler knows of each compute node, read in two queries.

A HostState joins a compute node's capacity and claimed use with its host's
onestack-compute service record (enabled, up). Filters and weighers read only
these values, so a decision runs in memory; the claim that follows it is the
database's atomic conditional UPDATE (onestack.db.compute_nodes.claim).
"""
from __future__ import annotations

import dataclasses

from onestack.db import compute_nodes
from onestack.db import services as service_db

COMPUTE_BINARY = "onestack-compute"


@dataclasses.dataclass(slots=True)
class HostState:
    host: str
    node_id: int
    hypervisor_hostname: str
    vcpus: int
    memory_mb: int
    local_gb: int
    vcpus_used: int = 0
    memory_mb_used: int = 0
    local_gb_used: int = 0
    running_vms: int = 0
    has_service: bool = True    # an onestack-compute service record exists
    enabled: bool = True        # its service is not disabled
    up: bool = True             # its service sent a heartbeat recently
    disabled_reason: str | None = None

    @property
    def free_ram_mb(self) -> int:
        return self.memory_mb - self.memory_mb_used

    def consume(self, vcpus: int, memory_mb: int, disk_gb: int) -> None:
        """Account locally for a claim just made on this node."""
        self.vcpus_used += vcpus
        self.memory_mb_used += memory_mb
        self.local_gb_used += disk_gb
        self.running_vms += 1

    def give_back(self, vcpus: int, memory_mb: int, disk_gb: int) -> None:
        """Account locally for a claim just released on this node."""
        self.vcpus_used -= vcpus
        self.memory_mb_used -= memory_mb
        self.local_gb_used -= disk_gb
        self.running_vms -= 1

    def refresh(self, node) -> None:
        """Take the used amounts of a freshly read compute node row."""
        self.vcpus, self.memory_mb = node.vcpus, node.memory_mb
        self.local_gb = node.local_gb
        self.vcpus_used = node.vcpus_used or 0
        self.memory_mb_used = node.memory_mb_used or 0
        self.local_gb_used = node.local_gb_used or 0
        self.running_vms = node.running_vms or 0


Resources = compute_nodes.Resources
resources_of = compute_nodes.resources_of


def ratios_of(conf) -> compute_nodes.Ratios:
    return compute_nodes.Ratios(cpu=conf.cpu_allocation_ratio,
                                ram=conf.ram_allocation_ratio,
                                disk=conf.disk_allocation_ratio)


def from_node(node, service, down_time: int) -> HostState:
    if service is None:
        has_service = enabled = up = False
        reason = None
    else:
        has_service, enabled = True, not service.disabled
        reason = service.disabled_reason
        up = service_db.is_up(service, down_time)
    return HostState(node.host, node.id, node.hypervisor_hostname, node.vcpus,
                     node.memory_mb, node.local_gb, node.vcpus_used or 0,
                     node.memory_mb_used or 0, node.local_gb_used or 0,
                     node.running_vms or 0, has_service, enabled, up, reason)


def load(conf) -> list[HostState]:
    """Every compute node with its service's state: one query for the nodes,
    one for the services."""
    services = {row.host: row for row in service_db.list_(binary=COMPUTE_BINARY)}
    return [from_node(node, services.get(node.host), conf.service_down_time)
            for node in compute_nodes.list_()]
