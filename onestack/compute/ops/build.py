"""Building an instance on this host: spawn it, or put it in ERROR and give
back its claim, leaving nothing behind."""
from __future__ import annotations

from oslo_log import log as logging

from onestack.common import exceptions
from onestack.compute import states
from onestack.compute.ops import common
from onestack.db import instances
from onestack.db.models import utcnow

LOG = logging.getLogger(__name__)
V, T = states.VmState, states.TaskState


def build_instance(host, ctx, instance_uuid: str, admin_password: str | None) -> None:
    try:
        instance = instances.update(instance_uuid, expected_task_state=[T.SCHEDULING],
                                    task_state=T.SPAWNING)
    except (exceptions.NotFound, exceptions.Conflict):
        # deleted (or taken over) while it was being scheduled
        deleted = instances.get(instance_uuid, read_deleted=True)
        common.release_claim(host.host, deleted.node, common.flavor_of(deleted))
        LOG.info("Instance %s went away before its build; claim released",
                 instance_uuid)
        return
    with host.build_slots:
        try:
            with common.event(ctx, instance_uuid, "compute_build_and_run_instance",
                              host.host):
                host.driver.spawn(common.spec_for(instance, admin_password))
        except Exception as error:
            _fail(host, instance, error)
            return
    try:
        instances.update(instance_uuid, expected_task_state=[T.SPAWNING],
                         vm_state=V.ACTIVE, task_state=None,
                         power_state=states.PowerState.RUNNING, launched_at=utcnow())
    except (exceptions.NotFound, exceptions.Conflict):
        # deleted while spawning: the delete finds nothing to destroy here
        host.driver.destroy(instance_uuid)
        common.release_claim(host.host, instance.node, common.flavor_of(instance))


def _fail(host, instance, error: Exception) -> None:
    LOG.warning("Build of %s failed: %s", instance.uuid, error)
    try:
        host.driver.destroy(instance.uuid)
    except Exception:
        LOG.exception("Cleaning up the failed build of %s failed", instance.uuid)
    common.record_fault(instance.uuid, error, host.host)
    common.release_claim(host.host, instance.node, common.flavor_of(instance))
    try:
        instances.update(instance.uuid, vm_state=V.ERROR, task_state=None,
                         power_state=states.PowerState.NOSTATE, host=None, node=None)
    except exceptions.NotFound:
        pass
