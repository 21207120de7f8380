"""Power actions, delete, rebuild, password and console of an instance on this host."""
from __future__ import annotations

from oslo_log import log as logging

from onestack.common import exceptions
from onestack.compute import states
from onestack.compute import image_cache, instance_changes
from onestack.compute.ops import build, common, migrate, periodic
from onestack.db import instances, migrations_log
from onestack.db.models import utcnow
from onestack.network import api as network_api

LOG = logging.getLogger(__name__)
V, T, P = states.VmState, states.TaskState, states.PowerState

# action -> (driver method, arguments, power state after)
DRIVER_CALLS = {
    "reboot_soft": ("reboot", {"hard": False}, P.RUNNING),
    "reboot_hard": ("reboot", {"hard": True}, P.RUNNING),
    "stop": ("power_off", {}, P.SHUTDOWN),
    "start": ("power_on", {}, P.RUNNING),
    "pause": ("pause", {}, P.PAUSED),
    "unpause": ("unpause", {}, P.RUNNING),
    "suspend": ("suspend", {}, P.SUSPENDED),
    "resume": ("resume", {}, P.RUNNING),
    "soft_delete": ("power_off", {}, P.SHUTDOWN),
    "restore": ("power_on", {}, P.RUNNING),
}


def run_action(host, ctx, instance_uuid: str, action: str) -> None:
    """Do a lifecycle action whose task state the API has set; on failure the
    instance keeps (or falls to ERROR in) a state the table allows leaving."""
    transition = states.TRANSITIONS[action]
    method, arguments, power_after = DRIVER_CALLS[action]
    instance = instances.get(instance_uuid, read_deleted=True)
    if instance.task_state != transition.task_during:
        LOG.info("%s of %s is done already (task state now %s): a request "
                 "redone at the service's start", action, instance_uuid,
                 instance.task_state)
        return
    try:
        with common.event(ctx, instance_uuid, f"compute_{action}", host.host):
            getattr(host.driver, method)(instance_uuid, **arguments)
    except Exception as error:
        LOG.warning("%s of %s failed: %s", action, instance_uuid, error)
        common.record_fault(instance_uuid, error, host.host)
        _settle(instance_uuid, transition.task_during, vm_state=V.ERROR
                if action in ("reboot_hard", "soft_delete") else instance.vm_state)
        return
    values = {"power_state": power_after}
    if transition.vm_after is not None:
        values["vm_state"] = transition.vm_after
    if action == "soft_delete":
        values["deleted_at"] = utcnow()
    _settle(instance_uuid, transition.task_during, **values)


def _settle(instance_uuid, task_during, **values) -> None:
    try:
        instances.update(instance_uuid, expected_task_state=[task_during],
                         task_state=None, **values)
    except (exceptions.NotFound, exceptions.Conflict):
        LOG.info("Instance %s changed meanwhile; leaving it as it is", instance_uuid)


def terminate_instance(host, ctx, instance_uuid: str) -> None:
    """Tear down what the instance holds here and delete its record; if the
    teardown fails the instance goes to ERROR, and a new delete retries it."""
    try:
        with common.event(ctx, instance_uuid, "compute_terminate_instance", host.host):
            build.teardown(host, instance_uuid)
    except Exception as error:
        LOG.warning("Deleting %s failed: %s", instance_uuid, error)
        common.record_fault(instance_uuid, error, host.host)
        _settle(instance_uuid, T.DELETING, vm_state=V.ERROR)
        return
    instances.mark_deleted(instance_uuid)
    instance_changes.changed(ctx, instance_uuid)


def rebuild_instance(host, ctx, instance_uuid: str, image_ref: str,
                     admin_password: str | None, evacuate: bool = False,
                     node_id: int | None = None) -> None:
    instance = instances.get(instance_uuid)
    stays_stopped = instance.vm_state == V.STOPPED.value  # as in Nova
    name = "compute_rebuild_instance"
    try:
        with common.event(ctx, instance_uuid, name, host.host):
            spec = common.spec_for(instance, admin_password)
            if not evacuate:
                host.driver.destroy(instance_uuid)
            # a guest's interfaces may go with it (the container driver's do)
            for interface in spec.interfaces:
                host.driver.plug_interface(instance_uuid, interface)
            instances.update(instance_uuid, task_state=T.REBUILD_SPAWNING)
            host.driver.spawn(image_cache.with_image(host, ctx, spec))
            if stays_stopped:
                host.driver.power_off(instance_uuid)
    except Exception as error:
        common.record_fault(instance_uuid, error, host.host)
        values = {"vm_state": V.ERROR, "task_state": None, "power_state": P.NOSTATE}
        if evacuate:  # the instance stays on its old host; give back our claim
            migrate.give_back_destination(common.host_node_ids(host), instance_uuid)
            values["migration_host"] = None
            migrations_log.set_status(instance_uuid, "failed")
        instances.update(instance_uuid, **values)
        return
    values = {"vm_state": V.STOPPED if stays_stopped else V.ACTIVE, "task_state": None,
              "power_state": P.SHUTDOWN if stays_stopped else P.RUNNING,
              "launched_at": utcnow()}
    if evacuate:
        migrate.give_back_source(instance_uuid)
        values.update(host=host.host, node=host.node_by_id(node_id).hypervisor_hostname,
                      migration_host=None)
    instances.update(instance_uuid, **values)
    if evacuate:
        migrations_log.set_status(instance_uuid, "done")


def set_admin_password(host, ctx, instance_uuid: str, password: str) -> None:
    with common.event(ctx, instance_uuid, "compute_set_admin_password", host.host):
        host.driver.set_admin_password(instance_uuid, password)


def inject_network_info(host, ctx, instance_uuid: str) -> None:
    """Give the guest its interfaces as the network service has them now; a
    failure is recorded as the instance's fault and leaves its state alone."""
    try:
        with common.event(ctx, instance_uuid, "compute_inject_network_info", host.host):
            host.driver.inject_network_info(instance_uuid,
                                            network_api.interfaces_of(instance_uuid))
    except Exception as error:
        LOG.warning("Injecting network info into %s failed: %s", instance_uuid, error)
        common.record_fault(instance_uuid, error, host.host)


def get_console_output(host, ctx, instance_uuid: str, length: int | None) -> str:
    output = host.driver.get_console_output(instance_uuid)
    if length is None:
        return output
    # as Nova's tail: the last `length` lines, joined, without a final newline
    lines = output.splitlines()
    return "\n".join(lines[-length:]) if length > 0 else ""


def external_instance_events(host, ctx, events: list[dict]) -> None:
    """Events other services sent about instances here. power-update (from a
    bare-metal service) re-reads the power state from the driver; network and
    volume events are logged until the networking and volume services wait
    for them."""
    for event in events:
        LOG.info("Event %s (%s, tag %s) for instance %s", event["name"],
                 event.get("status"), event.get("tag"), event["server_uuid"])
        if event["name"] != "power-update":
            continue
        try:
            instance = instances.get(event["server_uuid"])
        except exceptions.NotFound:
            continue
        if instance.host == host.host:
            periodic.sync_power_state(host, instance,
                                      set(host.driver.list_instances()))
