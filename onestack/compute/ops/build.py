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
from onestack.common.context import RequestContext
from onestack.compute import image_cache, states
from onestack.compute.ops import common
from onestack.db import allocations, instances
from onestack.db.models import utcnow
from onestack.network import api as network_api
from onestack.network import floating_ips

LOG = logging.getLogger(__name__)
V, T = states.VmState, states.TaskState


@dataclasses.dataclass
class Build:
    """What the steps of one build (or teardown) work on; a step may give
    the spec what it learned (the network step its interfaces)."""
    host: object           # the compute manager
    ctx: object
    uuid: str
    instance: object       # None: its record is gone
    spec: object           # None: likewise

    @property
    def ours(self) -> bool:
        """Whether the instance is (still) this host's: the network it holds
        stays with an instance that now lives elsewhere (evacuated)."""
        return self.instance is None or self.instance.host in (None, self.host.host)


@dataclasses.dataclass(frozen=True)
class Step:
    name: str
    do: Callable    # (build) -> None
    undo: Callable  # (build) -> None; runs for steps that never ran too


def _check_claim(build) -> None:
    if not allocations.of_consumers(build.uuid, common.host_node_ids(build.host)):
        raise exceptions.OnestackError(
            f"The resources claimed for instance {build.uuid} on host "
            f"{build.host.host} were given back before its build.")


def _release_claim(build) -> None:
    allocations.release(build.uuid, common.host_node_ids(build.host))


def _allocate_network(build) -> None:
    network_api.allocate_for_instance(build.host.conf, build.ctx, build.instance)
    build.spec = dataclasses.replace(build.spec,
                                     interfaces=network_api.interfaces_of(build.uuid))


def _deallocate_network(build) -> None:
    if build.ours:
        network_api.deallocate_for_instance(build.host.conf, build.ctx, build.uuid)


def _assign_floating_ip(build) -> None:
    floating_ips.auto_assign(build.host.conf, build.ctx, build.instance)


def _release_floating_ip(build) -> None:
    if build.ours:
        floating_ips.release_auto_assigned(build.ctx, build.uuid)


def _plug_interfaces(build) -> None:
    for interface in build.spec.interfaces:
        build.host.driver.plug_interface(build.uuid, interface)


def _unplug_interfaces(build) -> None:
    for interface in build.spec.interfaces if build.spec else ():
        build.host.driver.unplug_interface(build.uuid, interface)


def _attach_volumes(build) -> None:
    for device in build.spec.block_devices:
        if not device.local:
            build.host.driver.attach_block_device(build.uuid, device)


def _detach_volumes(build) -> None:
    for device in build.spec.block_devices if build.spec else ():
        if not device.local:
            build.host.driver.detach_block_device(build.uuid, device)


def _fetch_image(build) -> None:
    build.spec = image_cache.with_image(build.host, build.ctx, build.spec)


def _keep_image(build) -> None:
    """The cache entry stays for other instances; the periodic clean removes it."""


def _spawn(build) -> None:
    build.host.driver.spawn(build.spec)


def _destroy(build) -> None:
    build.host.driver.destroy(build.uuid)


STEPS = (
    Step("claim", _check_claim, _release_claim),
    Step("network", _allocate_network, _deallocate_network),
    Step("floating_ip", _assign_floating_ip, _release_floating_ip),
    Step("interfaces", _plug_interfaces, _unplug_interfaces),
    Step("volumes", _attach_volumes, _detach_volumes),
    Step("image", _fetch_image, _keep_image),
    Step("spawn", _spawn, _destroy),
)


def teardown(host, instance_uuid: str, ctx=None) -> None:
    """Remove what the instance holds on this host: its guest, volumes,
    interfaces, the addresses it holds while it is this host's, and the
    resources allocated to it here. Every undo runs even when one fails;
    the first failure is raised after them."""
    try:
        instance = instances.get(instance_uuid, read_deleted=True)
    except exceptions.NotFound:
        instance = None
    build = Build(host, ctx or RequestContext.admin(), instance_uuid, instance,
                  common.spec_for(instance) if instance is not None else None)
    failure = None
    for step in reversed(STEPS):
        try:
            step.undo(build)
        except Exception as error:
            LOG.warning("Undoing %s of instance %s failed: %s", step.name,
                        instance_uuid, error)
            failure = failure or error
    if failure is not None:
        raise failure


def build_instance(host, ctx, instance_uuid: str, admin_password: str | None) -> None:
    instance = _start(host, ctx, instance_uuid)
    if instance is None:
        return
    build = Build(host, ctx, instance_uuid, instance,
                  common.spec_for(instance, admin_password))
    with host.build_slots:
        try:
            with common.event(ctx, instance_uuid, "compute_build_and_run_instance",
                              host.host):
                for step in STEPS:
                    step.do(build)
        except Exception as error:
            _fail(host, ctx, instance, error)
            return
    try:
        instances.update(instance_uuid, expected_task_state=[T.SPAWNING],
                         vm_state=V.ACTIVE, task_state=None,
                         power_state=states.PowerState.RUNNING, launched_at=utcnow())
    except (exceptions.NotFound, exceptions.Conflict):
        LOG.info("Instance %s was deleted while it was built", instance_uuid)
        teardown(host, instance_uuid, ctx)


def _start(host, ctx, instance_uuid: str):
    """The instance, moved from scheduling to spawning; None when the message
    is stale: the instance was deleted meanwhile (what it holds here goes) or
    is past scheduling (a repeated or redelivered message: nothing to do)."""
    try:
        return instances.update(instance_uuid, expected_task_state=[T.SCHEDULING],
                                task_state=T.SPAWNING)
    except exceptions.NotFound:
        LOG.info("Instance %s was deleted before its build", instance_uuid)
        teardown(host, instance_uuid, ctx)
    except exceptions.Conflict as error:
        LOG.info("Build of %s ignored: %s", instance_uuid, error.message)
    return None


def _fail(host, ctx, instance, error: Exception) -> None:
    LOG.warning("Build of %s failed: %s", instance.uuid, error)
    try:
        teardown(host, instance.uuid, ctx)
    except Exception:
        LOG.exception("Cleaning up the failed build of %s failed", instance.uuid)
    common.record_fault(instance.uuid, error, host.host)
    try:
        instances.update(instance.uuid, vm_state=V.ERROR, task_state=None,
                         power_state=states.PowerState.NOSTATE, host=None, node=None)
    except exceptions.NotFound:
        pass
