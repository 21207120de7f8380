"""The rollback helper: undos run in reverse on failure, each even when one
before it failed, and the original error is what the caller sees."""
import pytest

from onestack.common.revert import Revert


def test_undos_run_in_reverse_on_failure_and_the_error_stays():
    done = []

    def failing_undo():
        done.append("failing")
        raise OSError("undo broke")

    with pytest.raises(ValueError, match="step 3"):
        with Revert() as revert:
            revert.add(done.append, "undo 1")
            revert.add(failing_undo)
            revert.add(done.append, "undo 2")
            raise ValueError("step 3")
    assert done == ["undo 2", "failing", "undo 1"]


def test_nothing_is_undone_when_the_steps_succeed():
    done = []
    with Revert() as revert:
        revert.add(done.append, "undo")
    assert done == []
