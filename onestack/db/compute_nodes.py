"""Repository of compute nodes: what each host reports. Their used amounts
move with the allocations of db.allocations, in the same transactions."""
from __future__ import annotations

import dataclasses
import json
import math
import uuid

from sqlalchemy import select

from onestack.common import exceptions
from onestack.db import models
from onestack.db.engine import reader, transaction


@dataclasses.dataclass(frozen=True)
class Ratios:
    cpu: float = 16.0
    ram: float = 1.5
    disk: float = 1.0


@dataclasses.dataclass(frozen=True, slots=True)
class Resources:
    """What one instance of a flavor takes on a node."""
    vcpus: int
    memory_mb: int
    disk_gb: int

    def __add__(self, other: Resources) -> Resources:
        return Resources(self.vcpus + other.vcpus, self.memory_mb + other.memory_mb,
                         self.disk_gb + other.disk_gb)


NOTHING = Resources(0, 0, 0)


def resources_of(flavor: dict) -> Resources:
    """A flavor's claim: its vCPUs, RAM, and root + ephemeral + swap disk
    (swap, in MB, rounded up to whole GB). Claims and releases use exactly this."""
    disk_gb = (int(flavor.get("root_gb") or 0) + int(flavor.get("ephemeral_gb") or 0)
               + math.ceil(int(flavor.get("swap") or 0) / 1024))
    return Resources(int(flavor["vcpus"]), int(flavor["memory_mb"]), disk_gb)


def report(host: str, hypervisor_hostname: str, resources: dict) -> models.ComputeNode:
    """Record a host's resources (vcpus, memory_mb, local_gb, hypervisor_type,
    capabilities, ...); disk_available_least, unless given, is the disk not
    allocated."""
    with transaction() as session:
        row = session.scalar(select(models.ComputeNode).where(
            models.ComputeNode.host == host,
            models.ComputeNode.hypervisor_hostname == hypervisor_hostname))
        if row is None:
            row = models.ComputeNode(uuid=str(uuid.uuid4()), host=host,
                                     hypervisor_hostname=hypervisor_hostname,
                                     vcpus_used=0, memory_mb_used=0, local_gb_used=0,
                                     running_vms=0)
            session.add(row)
        for name, value in resources.items():
            setattr(row, name, value)
        if "disk_available_least" not in resources:
            row.disk_available_least = row.local_gb - (row.local_gb_used or 0)
        row.reported_at = models.utcnow()
    return row


def capacity(nodes) -> Resources:
    """What the nodes offer together, before allocation ratios."""
    return sum((Resources(n.vcpus, n.memory_mb, n.local_gb) for n in nodes), NOTHING)


def list_(host: str | None = None) -> list[models.ComputeNode]:
    query = select(models.ComputeNode).order_by(models.ComputeNode.id)
    if host:
        query = query.where(models.ComputeNode.host == host)
    with reader() as session:
        return list(session.scalars(query))


def get(node_id: int) -> models.ComputeNode:
    with reader() as session:
        row = session.get(models.ComputeNode, node_id)
    if row is None:
        raise exceptions.NotFound(f"Compute node {node_id} could not be found.")
    return row


def capable(host: str, hypervisor_hostname: str | None, capability: str) -> bool:
    """Whether the driver of the node says it can; a node that has not said
    (a compute service of an older version) is taken at its word."""
    try:
        node = get_by_host_node(host, hypervisor_hostname)
    except exceptions.NotFound:
        return True
    return json.loads(node.capabilities or "{}").get(capability, True) is not False


def get_by_host_node(host: str, hypervisor_hostname: str | None = None):
    for row in list_(host):
        if hypervisor_hostname in (None, row.hypervisor_hostname):
            return row
    raise exceptions.NotFound(f"Compute host {host} could not be found.")


def delete(node_id: int) -> None:
    with transaction() as session:
        row = session.get(models.ComputeNode, node_id)
        if row is not None:
            session.delete(row)
