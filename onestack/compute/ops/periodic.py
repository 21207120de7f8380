"""The compute host's periodic tasks: resource report, power-state sync, reclaim
of soft-deleted servers; and the recovery of instances a crash left mid-operation."""
from __future__ import annotations

import datetime
import json

from oslo_log import log as logging

from onestack.common import exceptions
from onestack.common.context import RequestContext
from onestack.compute import image_cache, states
from onestack.compute.ops import build, common, lifecycle
from onestack.db import allocations, compute_nodes, instances, migrations_log
from onestack.db.models import utcnow
from onestack.virt.driver import VirtError

LOG = logging.getLogger(__name__)
V, T, P = states.VmState, states.TaskState, states.PowerState


def report_resources(host) -> None:
    """Tell the scheduler what each node has and what the driver can do; its
    used amounts are the sum of its allocations, recounted each time."""
    capabilities = json.dumps(host.driver.capabilities.as_dict())
    for node in host.driver.node_resources():
        row = compute_nodes.report(host.host, node.hypervisor_hostname, {
            "hypervisor_type": node.hypervisor_type,
            "hypervisor_version": node.hypervisor_version, "vcpus": node.vcpus,
            "memory_mb": node.memory_mb, "local_gb": node.local_gb,
            "host_ip": node.host_ip, "cpu_info": node.cpu_info,
            "capabilities": capabilities})
        allocations.true_up(row.id)


def sync_power_states(host) -> None:
    """The driver is the truth for power states; an instance that stopped on
    its own shows SHUTOFF, one that vanished shows no state."""
    present = set(host.driver.list_instances())
    for instance in instances.by_host(host.host):
        sync_power_state(host, instance, present)


def sync_power_state(host, instance, present: set[str]) -> None:
    """One instance's power state from the driver, unless a task runs on it."""
    if instance.task_state is not None:
        return
    try:
        power = host.driver.get_info(instance.uuid).power_state \
            if instance.uuid in present else P.NOSTATE
    except VirtError:
        power = P.NOSTATE
    values = {}
    if power != instance.power_state:
        values["power_state"] = power
    if instance.vm_state == V.ACTIVE.value and power in (P.SHUTDOWN, P.NOSTATE,
                                                         P.CRASHED):
        values["vm_state"] = V.STOPPED
    if values:
        try:
            instances.update(instance.uuid, expected_task_state=[None], **values)
        except (exceptions.Conflict, exceptions.NotFound):
            pass


def clean_image_cache(host) -> None:
    """Remove the cached images no instance on this host has used for
    remove_unused_original_minimum_age_seconds, and the driver's copies of
    images no instance here uses."""
    in_use = {instance.image_ref for instance in instances.by_host(host.host)
              if instance.image_ref}
    removed = image_cache.clean(host.conf, in_use,
                                host.conf.remove_unused_original_minimum_age_seconds)
    for image_id in removed:
        LOG.info("Removed unused image %s from the image cache", image_id)
    host.driver.remove_unused_images(in_use)


def reclaim_soft_deleted(host) -> None:
    interval = host.conf.reclaim_instance_interval
    if interval <= 0:
        return
    cutoff = utcnow() - datetime.timedelta(seconds=interval)
    for instance in instances.by_host(host.host):
        if instance.vm_state == V.SOFT_DELETED.value and instance.task_state is None \
                and instance.deleted_at and instance.deleted_at <= cutoff:
            LOG.info("Reclaiming soft-deleted instance %s", instance.uuid)
            build.teardown(host, instance.uuid)
            instances.mark_deleted(instance.uuid)


def _destroy_guests_not_ours(host, ours: set[str]) -> set[str]:
    """Guests of instances that were evacuated to another host or deleted
    while this service was down; returns the guests that remain."""
    present = set(host.driver.list_instances())
    for uuid in present - ours:
        LOG.warning("Removing guest %s: its instance is deleted or now on "
                    "another host", uuid)
        build.teardown(host, uuid)
    return present & ours


# power actions the API had started (their request may still be queued, or
# was being done when the service stopped): a restart does them again, as
# Nova's init_host retries a reboot, and the queued request then finds
# nothing left to do
def _redone_action(task) -> str | None:
    return next((action for action in lifecycle.DRIVER_CALLS
                 if action not in ("soft_delete", "restore")
                 and states.TRANSITIONS[action].task_during is task), None)


# task states a restart settles from what the driver reports; others go to ERROR
_SETTLE_FROM_DRIVER = {T.UPDATING_PASSWORD, T.IMAGE_SNAPSHOT, T.IMAGE_BACKUP}


def recover_instances(host) -> None:
    """After a restart: remove guests that are no longer ours, finish deletes,
    redo interrupted power actions, settle password changes and snapshots from
    the driver, put interrupted builds and moves in ERROR with a fault; with
    resume_guests_state_on_host_boot, start the guests of active servers again
    that the driver finds stopped."""
    present = _destroy_guests_not_ours(host, instances.uuids_involving_host(host.host))
    _recover_tasks(host, present)
    if host.conf.resume_guests_state_on_host_boot:
        _resume_guests(host, present)


def _resume_guests(host, present: set[str]) -> None:
    for instance in instances.by_host(host.host):
        if instance.vm_state != V.ACTIVE.value or instance.task_state is not None \
                or instance.uuid not in present:
            continue
        try:
            if host.driver.get_info(instance.uuid).power_state == P.RUNNING:
                continue
            LOG.info("Starting the guest of %s again (resume_guests_state_on_host_boot)",
                     instance.uuid)
            host.driver.power_on(instance.uuid)
            instances.update(instance.uuid, power_state=P.RUNNING)
        except Exception as error:
            LOG.warning("Starting the guest of %s again failed: %s", instance.uuid,
                        error)


def _recover_tasks(host, present: set[str]) -> None:
    for instance in instances.by_host(host.host):
        task = T(instance.task_state) if instance.task_state else None
        if task is None:
            continue
        LOG.info("Recovering instance %s left in task_state %s", instance.uuid,
                 task.value)
        if task is T.DELETING:
            build.teardown(host, instance.uuid)
            instances.mark_deleted(instance.uuid)
        elif (redo := _redone_action(task)) and instance.uuid in present:
            lifecycle.run_action(host, RequestContext.admin(), instance.uuid, redo)
        elif task in _SETTLE_FROM_DRIVER and instance.uuid in present:
            power = host.driver.get_info(instance.uuid).power_state
            vm = {P.RUNNING: V.ACTIVE, P.PAUSED: V.PAUSED, P.SUSPENDED: V.SUSPENDED
                  }.get(power, V.STOPPED)
            instances.update(instance.uuid, vm_state=vm, task_state=None,
                             power_state=power)
        else:
            error = exceptions.OnestackError(
                f"The compute service restarted during {task.value}; the "
                "operation was interrupted.")
            common.record_fault(instance.uuid, error, host.host)
            if task in (T.SPAWNING, T.SCHEDULING):
                build.teardown(host, instance.uuid)
                instances.update(instance.uuid, vm_state=V.ERROR, task_state=None,
                                 power_state=P.NOSTATE, host=None, node=None)
            else:
                migrations_log.set_status(instance.uuid, "error")
                instances.update(instance.uuid, vm_state=V.ERROR, task_state=None)
