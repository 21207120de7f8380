"""Building an instance on this host: a list of steps, each with its undo.

The undos, run in reverse, are the one teardown of what an instance holds
on this host; delete, a failed build, a delete during the build, recovery at
start, cleanup after an evacuation and the reclaim of soft-deleted servers
all run it. Every undo may run again, or for a step that never ran.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from oslo_log import log as logging

from onestack.common import exceptions
from onestack.compute import states
from onestack.compute.ops import common
from onestack.db import allocations, instances
from onestack.db.models import utcnow

LOG = logging.getLogger(__name__)
V, T = states.VmState, states.TaskState


@dataclasses.dataclass(frozen=True)
class Step:
    name: str
    do: Callable   # (host, spec) -> None
    undo: Callable  # (host, instance_uuid, spec or None) -> None


def _check_claim(host, spec) -> None:
    if not allocations.of_consumers(spec.uuid, common.host_node_ids(host)):
        raise exceptions.OnestackError(
            f"The resources claimed for instance {spec.uuid} on host {host.host} "
            "were given back before its build.")


def _release_claim(host, uuid, spec) -> None:
    allocations.release(uuid, common.host_node_ids(host))


def _plug_interfaces(host, spec) -> None:
    for interface in spec.interfaces:
        host.driver.plug_interface(spec.uuid, interface)


def _unplug_interfaces(host, uuid, spec) -> None:
    for interface in spec.interfaces if spec else ():
        host.driver.unplug_interface(uuid, interface)


def _attach_volumes(host, spec) -> None:
    for device in spec.block_devices:
        if not device.local:
            host.driver.attach_block_device(spec.uuid, device)


def _detach_volumes(host, uuid, spec) -> None:
    for device in spec.block_devices if spec else ():
        if not device.local:
            host.driver.detach_block_device(uuid, device)


def _spawn(host, spec) -> None:
    host.driver.spawn(spec)


def _destroy(host, uuid, spec) -> None:
    host.driver.destroy(uuid)


STEPS = (
    Step("claim", _check_claim, _release_claim),
    Step("interfaces", _plug_interfaces, _unplug_interfaces),
    Step("volumes", _attach_volumes, _detach_volumes),
    Step("spawn", _spawn, _destroy),
)


def teardown(host, instance_uuid: str) -> None:
    """Remove what the instance holds on this host: its guest, volumes,
    interfaces and the resources allocated to it here. Every undo runs even
    when one fails; the first failure is raised after them."""
    try:
        spec = common.spec_for(instances.get(instance_uuid, read_deleted=True))
    except exceptions.NotFound:
        spec = None
    failure = None
    for step in reversed(STEPS):
        try:
            step.undo(host, instance_uuid, spec)
        except Exception as error:
            LOG.warning("Undoing %s of instance %s failed: %s", step.name,
                        instance_uuid, error)
            failure = failure or error
    if failure is not None:
        raise failure


def build_instance(host, ctx, instance_uuid: str, admin_password: str | None) -> None:
    instance = _start(host, instance_uuid)
    if instance is None:
        return
    spec = common.spec_for(instance, admin_password)
    with host.build_slots:
        try:
            with common.event(ctx, instance_uuid, "compute_build_and_run_instance",
                              host.host):
                for step in STEPS:
                    step.do(host, spec)
        except Exception as error:
            _fail(host, instance, error)
            return
    try:
        instances.update(instance_uuid, expected_task_state=[T.SPAWNING],
                         vm_state=V.ACTIVE, task_state=None,
                         power_state=states.PowerState.RUNNING, launched_at=utcnow())
    except (exceptions.NotFound, exceptions.Conflict):
        LOG.info("Instance %s was deleted while it was built", instance_uuid)
        teardown(host, instance_uuid)


def _start(host, instance_uuid: str):
    """The instance, moved from scheduling to spawning; None when the message
    is stale: the instance was deleted meanwhile (what it holds here goes) or
    is past scheduling (a repeated or redelivered message: nothing to do)."""
    try:
        return instances.update(instance_uuid, expected_task_state=[T.SCHEDULING],
                                task_state=T.SPAWNING)
    except exceptions.NotFound:
        LOG.info("Instance %s was deleted before its build", instance_uuid)
        teardown(host, instance_uuid)
    except exceptions.Conflict as error:
        LOG.info("Build of %s ignored: %s", instance_uuid, error.message)
    return None


def _fail(host, instance, error: Exception) -> None:
    LOG.warning("Build of %s failed: %s", instance.uuid, error)
    try:
        teardown(host, instance.uuid)
    except Exception:
        LOG.exception("Cleaning up the failed build of %s failed", instance.uuid)
    common.record_fault(instance.uuid, error, host.host)
    try:
        instances.update(instance.uuid, vm_state=V.ERROR, task_state=None,
                         power_state=states.PowerState.NOSTATE, host=None, node=None)
    except exceptions.NotFound:
        pass
