"""One rollback helper for multi-step side effects (mounts, loop devices,
veths, cgroups, rows): register an undo after each step; if the block fails,
the undos run in reverse, each even when an earlier one failed, and the
original error is raised.

    with Revert() as revert:
        mount(...)
        revert.add(unmount, ...)
        create_cgroup(...)
        revert.add(remove_cgroup, ...)
"""
from __future__ import annotations

from typing import Callable

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class Revert:
    def __init__(self):
        self._undos: list[tuple[Callable, tuple, dict]] = []

    def add(self, undo: Callable, *args, **kwargs) -> None:
        self._undos.append((undo, args, kwargs))

    def __enter__(self) -> "Revert":
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if error is None:
            return False
        for undo, args, kwargs in reversed(self._undos):
            try:
                undo(*args, **kwargs)
            except Exception:
                LOG.exception("Undoing %s after %s failed", getattr(undo, "__name__",
                                                                     undo), error)
        return False
