"""Server actions on the API side: guard with the state table, record the
action, set the task state atomically, cast to the instance's host."""
from __future__ import annotations

from onestack.common import exceptions
from onestack.compute import api as compute_api
from onestack.compute import disk_config
from onestack.compute import instance_changes
from onestack.compute import rpcapi as compute_rpcapi
from onestack.compute import states
from onestack.db import compute_nodes, instance_actions, instances
from onestack.image import api as image_api

# API action name -> (transition in states.TRANSITIONS, os-instance-actions name)
LIFECYCLE = {
    "reboot_soft": "reboot", "reboot_hard": "reboot", "stop": "stop",
    "start": "start", "pause": "pause", "unpause": "unpause",
    "suspend": "suspend", "resume": "resume", "soft_delete": "delete",
    "restore": "restore",
}


def allowed(instance, transition_name: str) -> states.Transition:
    """The transition if the state table allows it from the instance's
    states and the driver of its host can do it; Conflict (409) if not."""
    transition = states.check(transition_name, instance.vm_state, instance.task_state)
    needed = transition.capability
    if needed and instance.host and \
            not compute_nodes.capable(instance.host, instance.node, needed):
        raise exceptions.Conflict(
            f"Cannot '{transition_name}' instance {instance.uuid}: the virt driver of "
            f"host {instance.host} does not support {needed.replace('_', ' ')}.")
    return transition


def begin(conf, ctx, instance, transition_name: str, action_name: str,
          check_lock: bool = True, **values):
    """Check the state table, record the action, move to the task state."""
    if check_lock:
        compute_api.check_lock(conf, ctx, instance)
    transition = allowed(instance, transition_name)
    expected_task = states.ANY_TASK if transition.allowed_task is states.ANY_TASK \
        else [t.value if t else None for t in transition.allowed_task]
    updated = instances.update(
        instance.uuid,
        expected_task_state=instances.ANY if expected_task is states.ANY_TASK
        else expected_task,
        expected_vm_state=[v.value for v in transition.allowed_vm],
        task_state=transition.task_during, **values)
    instance_actions.start(ctx, instance.uuid, action_name)
    return updated


def _require_host(instance):
    if not instance.host:
        raise exceptions.Conflict(f"Instance {instance.uuid} has no host yet.")


def run(conf, ctx, instance, action: str) -> None:
    """A lifecycle action: reboot_soft, reboot_hard, stop, start, pause,
    unpause, suspend, resume, soft_delete, restore."""
    _require_host(instance)
    begin(conf, ctx, instance, action, LIFECYCLE[action])
    compute_rpcapi.run_action(ctx, instance.host, instance.uuid, action)


def delete(conf, ctx, instance, force: bool = False) -> None:
    """Delete now, or soft-delete when reclaim_instance_interval is set."""
    compute_api.check_lock(conf, ctx, instance)
    if conf.reclaim_instance_interval and not force and instance.host and \
            instance.vm_state != states.VmState.SOFT_DELETED.value:
        run(conf, ctx, instance, "soft_delete")
        return
    transition = states.check("force_delete" if force else "delete",
                              instance.vm_state, instance.task_state)
    if not instance.host:
        instance_actions.start(ctx, instance.uuid, "delete")
        instances.mark_deleted(instance.uuid)
        instance_changes.changed(ctx, instance.uuid)
        return
    instances.update(instance.uuid, task_state=transition.task_during)
    instance_changes.changed(ctx, instance.uuid)
    instance_actions.start(ctx, instance.uuid, "delete")
    compute_rpcapi.terminate_instance(ctx, instance.host, instance.uuid)


def lock(conf, ctx, instance, reason: str | None = None) -> None:
    by = "admin" if ctx.is_admin and ctx.project_id != instance.project_id \
        else "owner"
    instances.update(instance.uuid, locked=True, locked_by=by, locked_reason=reason)
    instance_actions.start(ctx, instance.uuid, "lock")


def unlock(conf, ctx, instance) -> None:
    """Lifts the lock; the API has checked who may lift whose lock."""
    instances.update(instance.uuid, locked=False, locked_by=None, locked_reason=None)
    instance_actions.start(ctx, instance.uuid, "unlock")


def reset_state(conf, ctx, instance, state: str) -> None:
    vm_state = states.VmState.ERROR if state == "error" else states.VmState.ACTIVE
    instances.update(instance.uuid, vm_state=vm_state, task_state=None)
    instance_actions.start(ctx, instance.uuid, "resetState")


def rebuild(conf, ctx, instance, image_ref: str, admin_password: str | None,
            auto_disk_config: bool | None = None, **values) -> str:
    """auto_disk_config: None keeps the instance's."""
    _require_host(instance)
    try:
        image = image_api.get_image(conf, ctx, image_ref)  # one the caller may see
    except exceptions.NotFound:
        raise exceptions.BadRequest("Cannot find image for rebuild")
    disk_config.check(image, auto_disk_config)
    if auto_disk_config is not None:
        values["auto_disk_config"] = auto_disk_config
    password = admin_password or compute_api.generate_password(conf)
    begin(conf, ctx, instance, "rebuild", "rebuild", image_ref=image_ref, **values)
    compute_rpcapi.rebuild_instance(ctx, instance.host, instance.uuid, image_ref,
                                    password)
    return password


def change_password(conf, ctx, instance, password: str) -> None:
    _require_host(instance)
    begin(conf, ctx, instance, "change_password", "changePassword")
    try:
        compute_rpcapi.set_admin_password(ctx, instance.host, instance.uuid, password)
    finally:
        instances.update(instance.uuid, task_state=None)


def inject_network_info(conf, ctx, instance) -> None:
    """Cast to the instance's host to apply its network settings again."""
    compute_api.check_lock(conf, ctx, instance)
    _require_host(instance)
    allowed(instance, "inject_network_info")
    if not compute_rpcapi.can_inject_network_info(instance.host):
        raise exceptions.Conflict("Cannot 'inject_network_info' instance: some "
                                  "compute hosts are too old to do it.")
    instance_actions.start(ctx, instance.uuid, "injectNetworkInfo")
    compute_rpcapi.inject_network_info(ctx, instance.host, instance.uuid)


def console_output(conf, ctx, instance, length: int | None) -> str:
    allowed(instance, "console_output")
    _require_host(instance)
    return compute_rpcapi.get_console_output(ctx, instance.host, instance.uuid, length)


def diagnostics(conf, ctx, instance) -> dict:
    states.check("diagnostics", instance.vm_state, instance.task_state)
    _require_host(instance)
    return compute_rpcapi.get_diagnostics(ctx, instance.host, instance.uuid)
