"""The instance state machine: one table, read by the API guard, the ops and tests.

For each action: the vm_states it may start from, the task_states it may start
from (None: no task in progress), the task_state while it runs, and the
vm_state it leaves behind on success. The API status is derived by status().
"""
from __future__ import annotations

import dataclasses
import enum

from onestack.common import exceptions
from onestack.virt.driver import PowerState  # noqa: F401  (a driver's word)


class VmState(str, enum.Enum):
    BUILDING = "building"
    ACTIVE = "active"
    PAUSED = "paused"
    SUSPENDED = "suspended"
    STOPPED = "stopped"
    RESIZED = "resized"
    SOFT_DELETED = "soft-delete"
    DELETED = "deleted"
    ERROR = "error"


class TaskState(str, enum.Enum):
    SCHEDULING = "scheduling"
    SPAWNING = "spawning"
    REBOOTING = "rebooting"
    REBOOTING_HARD = "rebooting_hard"
    POWERING_OFF = "powering-off"
    POWERING_ON = "powering-on"
    PAUSING = "pausing"
    UNPAUSING = "unpausing"
    SUSPENDING = "suspending"
    RESUMING = "resuming"
    REBUILDING = "rebuilding"
    RESIZE_PREP = "resize_prep"
    RESIZE_MIGRATING = "resize_migrating"
    RESIZE_FINISH = "resize_finish"
    RESIZE_REVERTING = "resize_reverting"
    RESIZE_CONFIRMING = "resize_confirming"
    MIGRATING = "migrating"
    REBUILD_SPAWNING = "rebuild_spawning"
    IMAGE_SNAPSHOT = "image_snapshot"
    IMAGE_BACKUP = "image_backup"
    UPDATING_PASSWORD = "updating_password"
    DELETING = "deleting"
    SOFT_DELETING = "soft-deleting"
    RESTORING = "restoring"


V, T = VmState, TaskState
ANY_TASK = object()  # the action may run whatever task is in progress


@dataclasses.dataclass(frozen=True)
class Transition:
    allowed_vm: frozenset
    allowed_task: object  # frozenset of TaskState/None, or ANY_TASK
    task_during: TaskState | None
    vm_after: VmState | None  # None: unchanged
    capability: str | None = None  # what the host's driver must be able to do


def _t(vm, during, after, task=(None,), needs=None):
    allowed_task = ANY_TASK if task is ANY_TASK else frozenset(task)
    return Transition(frozenset(vm), allowed_task, during, after, needs)


RUNNING_LIKE = (V.ACTIVE, V.PAUSED, V.SUSPENDED, V.STOPPED, V.RESIZED, V.ERROR)
GOING_AWAY = (T.DELETING, T.SOFT_DELETING)

TRANSITIONS: dict[str, Transition] = {
    "build": _t((V.BUILDING,), T.SPAWNING, V.ACTIVE, task=(T.SCHEDULING, None)),
    "reboot_soft": _t((V.ACTIVE,), T.REBOOTING, V.ACTIVE),
    "reboot_hard": _t((V.ACTIVE, V.STOPPED, V.PAUSED, V.SUSPENDED, V.ERROR),
                      T.REBOOTING_HARD, V.ACTIVE,
                      task=(None, T.REBOOTING, T.REBOOTING_HARD)),
    "stop": _t((V.ACTIVE, V.ERROR), T.POWERING_OFF, V.STOPPED),
    "start": _t((V.STOPPED,), T.POWERING_ON, V.ACTIVE),
    "pause": _t((V.ACTIVE,), T.PAUSING, V.PAUSED, needs="pause"),
    "unpause": _t((V.PAUSED,), T.UNPAUSING, V.ACTIVE, needs="pause"),
    "suspend": _t((V.ACTIVE,), T.SUSPENDING, V.SUSPENDED, needs="suspend"),
    "resume": _t((V.SUSPENDED,), T.RESUMING, V.ACTIVE, needs="suspend"),
    # a rebuilt server is ACTIVE again, or STOPPED if it was (ops/lifecycle)
    "rebuild": _t((V.ACTIVE, V.STOPPED, V.ERROR), T.REBUILDING, None),
    "resize": _t((V.ACTIVE, V.STOPPED), T.RESIZE_PREP, V.RESIZED),
    "migrate": _t((V.ACTIVE, V.STOPPED), T.RESIZE_PREP, V.RESIZED),
    "confirm_resize": _t((V.RESIZED,), T.RESIZE_CONFIRMING, None),
    "revert_resize": _t((V.RESIZED,), T.RESIZE_REVERTING, None),
    "live_migrate": _t((V.ACTIVE, V.PAUSED), T.MIGRATING, None,
                       needs="live_migration"),
    "evacuate": _t((V.ACTIVE, V.STOPPED, V.ERROR), T.REBUILDING, None),
    "snapshot": _t((V.ACTIVE, V.STOPPED, V.PAUSED, V.SUSPENDED), T.IMAGE_SNAPSHOT,
                   None, needs="snapshot"),
    "backup": _t((V.ACTIVE, V.STOPPED, V.PAUSED, V.SUSPENDED), T.IMAGE_BACKUP, None,
                 needs="snapshot"),
    "change_password": _t((V.ACTIVE,), T.UPDATING_PASSWORD, None,
                          needs="set_admin_password"),
    "soft_delete": _t(RUNNING_LIKE, T.SOFT_DELETING, V.SOFT_DELETED,
                      task=(None, T.REBOOTING, T.REBOOTING_HARD, T.POWERING_OFF,
                            T.POWERING_ON, T.PAUSING, T.SUSPENDING)),
    "restore": _t((V.SOFT_DELETED,), T.RESTORING, V.ACTIVE),
    "force_delete": _t((V.SOFT_DELETED,), T.DELETING, V.DELETED, task=ANY_TASK),
    "delete": _t(RUNNING_LIKE + (V.BUILDING, V.SOFT_DELETED), T.DELETING,
                 V.DELETED, task=ANY_TASK),
    "console_output": _t((V.ACTIVE, V.PAUSED, V.SUSPENDED, V.STOPPED, V.RESIZED),
                         None, None, task=ANY_TASK, needs="console_output"),
    "diagnostics": _t((V.ACTIVE, V.PAUSED, V.SUSPENDED, V.STOPPED, V.RESIZED),
                      None, None, task=ANY_TASK),
    "lock": _t(tuple(V), None, None, task=ANY_TASK),
    # as Nova: whenever the instance has a host, but not while it goes away
    "inject_network_info": _t(RUNNING_LIKE + (V.SOFT_DELETED,), None, None,
                              task=(None, *(t for t in T if t not in GOING_AWAY)),
                              needs="inject_network_info"),
}


def check(action: str, vm_state: str, task_state: str | None) -> Transition:
    """The transition, or Conflict (409) saying why the state does not allow it."""
    transition = TRANSITIONS[action]
    vm = VmState(vm_state)
    task = TaskState(task_state) if task_state else None
    if vm not in transition.allowed_vm:
        raise exceptions.Conflict(
            f"Cannot '{action}' instance while it is in vm_state {vm.value}")
    if transition.allowed_task is not ANY_TASK and task not in transition.allowed_task:
        raise exceptions.Conflict(
            f"Cannot '{action}' instance while it is in task_state {task.value}")
    return transition


# (vm_state, task_state) -> API status; task states that change the status
_TASK_STATUS = {
    T.REBOOTING: "REBOOT", T.REBOOTING_HARD: "HARD_REBOOT",
    T.REBUILDING: "REBUILD", T.REBUILD_SPAWNING: "REBUILD",
    T.RESIZE_PREP: "RESIZE", T.RESIZE_MIGRATING: "RESIZE",
    T.RESIZE_FINISH: "RESIZE", T.RESIZE_REVERTING: "REVERT_RESIZE",
    T.MIGRATING: "MIGRATING", T.UPDATING_PASSWORD: "PASSWORD",
}
_VM_STATUS = {
    V.BUILDING: "BUILD", V.ACTIVE: "ACTIVE", V.PAUSED: "PAUSED",
    V.SUSPENDED: "SUSPENDED", V.STOPPED: "SHUTOFF", V.RESIZED: "VERIFY_RESIZE",
    V.SOFT_DELETED: "SOFT_DELETED", V.DELETED: "DELETED", V.ERROR: "ERROR",
}


def status(vm_state: str, task_state: str | None) -> str:
    vm = VmState(vm_state)
    task = TaskState(task_state) if task_state else None
    if vm in (V.ACTIVE, V.STOPPED) and task in _TASK_STATUS:
        if vm is V.STOPPED and task in (T.REBOOTING, T.REBOOTING_HARD):
            return "SHUTOFF" if task is T.REBOOTING else "HARD_REBOOT"
        return _TASK_STATUS[task]
    if vm is V.RESIZED and task is T.RESIZE_REVERTING:
        return "REVERT_RESIZE"
    return _VM_STATUS[vm]


def vm_states_for_status(name: str) -> tuple[list[str], list[str | None] | None]:
    """The vm_states (and task_states, when they matter) an API status filter means."""
    name = name.upper()
    tasks = [t.value for t, s in _TASK_STATUS.items() if s == name]
    if tasks:
        return [V.ACTIVE.value, V.STOPPED.value], tasks
    vms = [v.value for v, s in _VM_STATUS.items() if s == name]
    return vms, None
