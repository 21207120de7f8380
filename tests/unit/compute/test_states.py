"""The state table read as a table: every action, from every vm_state and
task_state, is allowed exactly where its row says, and refused with a 409
naming the state that forbids it."""
import itertools

import pytest

from onestack.common import exceptions
from onestack.compute import states
from onestack.virt.driver import Capabilities

PAIRS = list(itertools.product(states.VmState, [None, *states.TaskState]))


@pytest.mark.parametrize("action", sorted(states.TRANSITIONS))
def test_each_action_is_allowed_exactly_where_its_row_says(action):
    row = states.TRANSITIONS[action]
    for vm, task in PAIRS:
        expected = vm in row.allowed_vm and (row.allowed_task is states.ANY_TASK
                                             or task in row.allowed_task)
        try:
            assert states.check(action, vm.value, task.value if task else None) is row
        except exceptions.Conflict as refusal:
            assert not expected, f"{action} refused from {vm}/{task}"
            assert refusal.code == 409
            named = vm.value if vm not in row.allowed_vm else task.value
            assert named in refusal.message
        else:
            assert expected, f"{action} allowed from {vm}/{task}"


def test_every_capability_an_action_needs_is_one_drivers_declare():
    declared = set(Capabilities().as_dict())
    needed = {row.capability for row in states.TRANSITIONS.values() if row.capability}
    assert needed and needed <= declared


@pytest.mark.parametrize("vm", list(states.VmState))
def test_every_state_has_an_api_status(vm):
    assert states.status(vm.value, None).isupper()


def test_network_info_is_injected_whenever_a_host_has_the_instance():
    allowed = [(vm, task) for vm, task in PAIRS
               if _allows("inject_network_info", vm, task)]
    assert {vm for vm, _ in allowed} == set(states.VmState) - {
        states.VmState.BUILDING, states.VmState.DELETED}
    assert not {task for _, task in allowed} & {states.TaskState.DELETING,
                                                states.TaskState.SOFT_DELETING}


def _allows(action, vm, task) -> bool:
    try:
        states.check(action, vm.value, task.value if task else None)
    except exceptions.Conflict:
        return False
    return True
