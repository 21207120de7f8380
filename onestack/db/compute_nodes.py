"""Repository of compute nodes: what each host reports, and the scheduler's claims.

A claim adds an instance's vCPUs, RAM and disk to a node's used amounts in one
conditional UPDATE, so two concurrent claims can never oversubscribe a node.
"""
from __future__ import annotations

import dataclasses
import math
import uuid

from sqlalchemy import select, update

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


def resources_of(flavor: dict) -> Resources:
    """A flavor's claim: its vCPUs, RAM, and root + ephemeral + swap disk
    (swap, in MB, rounded up to whole GB). Claims and releases use exactly this."""
    disk_gb = (int(flavor.get("root_gb") or 0) + int(flavor.get("ephemeral_gb") or 0)
               + math.ceil(int(flavor.get("swap") or 0) / 1024))
    return Resources(int(flavor["vcpus"]), int(flavor["memory_mb"]), disk_gb)


def report(host: str, hypervisor_hostname: str, resources: dict,
           used: dict | None = None) -> models.ComputeNode:
    """Record a host's resources (vcpus, memory_mb, local_gb, hypervisor_type, ...)
    and, when given, the used amounts its instances really take;
    disk_available_least, unless given, is the disk not claimed."""
    with transaction() as session:
        row = session.scalar(select(models.ComputeNode).where(
            models.ComputeNode.host == host,
            models.ComputeNode.hypervisor_hostname == hypervisor_hostname))
        if row is None:
            row = models.ComputeNode(uuid=str(uuid.uuid4()), host=host,
                                     hypervisor_hostname=hypervisor_hostname)
            session.add(row)
        for name, value in {**resources, **(used or {})}.items():
            setattr(row, name, value)
        if "disk_available_least" not in resources:
            row.disk_available_least = row.local_gb - (row.local_gb_used or 0)
        row.reported_at = models.utcnow()
    return row


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


def get_by_host_node(host: str, hypervisor_hostname: str | None = None):
    for row in list_(host):
        if hypervisor_hostname in (None, row.hypervisor_hostname):
            return row
    raise exceptions.NotFound(f"Compute host {host} could not be found.")


def claim(node_id: int, vcpus: int, memory_mb: int, disk_gb: int,
          ratios: Ratios) -> bool:
    """Add the amounts to the node's use if they fit its capacity times the
    allocation ratios; False (and nothing changed) if they do not."""
    node = models.ComputeNode
    statement = (
        update(node)
        .where(node.id == node_id,
               node.vcpus_used + vcpus <= node.vcpus * ratios.cpu,
               node.memory_mb_used + memory_mb <= node.memory_mb * ratios.ram,
               node.local_gb_used + disk_gb <= node.local_gb * ratios.disk)
        .values(vcpus_used=node.vcpus_used + vcpus,
                memory_mb_used=node.memory_mb_used + memory_mb,
                local_gb_used=node.local_gb_used + disk_gb,
                running_vms=node.running_vms + 1)
        .execution_options(synchronize_session=False))
    with transaction() as session:
        return session.execute(statement).rowcount == 1


def release(node_id: int, vcpus: int, memory_mb: int, disk_gb: int) -> None:
    """Give back a claim (a failed build, a delete, a migration's source)."""
    node = models.ComputeNode
    statement = (
        update(node).where(node.id == node_id)
        .values(vcpus_used=node.vcpus_used - vcpus,
                memory_mb_used=node.memory_mb_used - memory_mb,
                local_gb_used=node.local_gb_used - disk_gb,
                running_vms=node.running_vms - 1)
        .execution_options(synchronize_session=False))
    with transaction() as session:
        session.execute(statement)


def delete(node_id: int) -> None:
    with transaction() as session:
        row = session.get(models.ComputeNode, node_id)
        if row is not None:
            session.delete(row)
