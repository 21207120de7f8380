"""An instance's cgroups: its flavor's limits, the freezer, and killing all of it.

cgroups v1 (one hierarchy per controller: memory, cpu, pids, freezer) and
the unified v2 hierarchy are both handled; which one the host has is found
from /sys/fs/cgroup. Every path is built from validated names.
"""
from __future__ import annotations

import dataclasses
import os
import re
import signal
import time

from onestack.virt.driver import VirtError

ROOT = "/sys/fs/cgroup"
V1_CONTROLLERS = ("memory", "cpu", "pids", "freezer", "devices")
# the device nodes an instance may make and use (cgroups v1's devices
# controller): /dev/null, zero, full, random, urandom, tty, console, ptmx and
# its ptys; block devices only as allow_block() adds them (its ephemeral disk)
DEVICES_ALLOWED = ("c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
                   "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CPU_PERIOD_US = 100000


class CgroupError(VirtError):
    pass


@dataclasses.dataclass(frozen=True)
class Limits:
    memory_mb: int
    vcpus: int
    pids: int


def _valid(name: str) -> str:
    if not _NAME.match(name or ""):
        raise CgroupError(f"Invalid cgroup name: {name!r}")
    return name


def is_v2(root: str = ROOT) -> bool:
    return os.path.exists(os.path.join(root, "cgroup.controllers"))


class Cgroup:
    """The cgroup parent/name under each controller (v1) or in the unified tree."""

    def __init__(self, parent: str, name: str, root: str = ROOT):
        self.parent, self.name, self.root = _valid(parent), _valid(name), root
        self.v2 = is_v2(root)

    def _dir(self, controller: str | None = None, leaf: bool = True) -> str:
        parts = [self.root] if self.v2 else [self.root, controller]
        parts.append(self.parent)
        if leaf:
            parts.append(self.name)
        return os.path.join(*parts)

    @property
    def directories(self) -> list[str]:
        if self.v2:
            return [self._dir()]
        return [self._dir(c) for c in V1_CONTROLLERS]

    def exists(self) -> bool:
        return any(os.path.isdir(d) for d in self.directories)

    @property
    def procs_files(self) -> list[str]:
        """The cgroup.procs files a process writes "0" to, to join."""
        return [os.path.join(d, "cgroup.procs") for d in self.directories]

    def create(self, limits: Limits) -> None:
        if self.v2:
            parent = self._dir(leaf=False)
            os.makedirs(parent, exist_ok=True)
            _write(os.path.join(self.root, "cgroup.subtree_control"),
                   "+memory +cpu +pids", missing_ok=True)
            _write(os.path.join(parent, "cgroup.subtree_control"), "+memory +cpu +pids")
        for directory in self.directories:
            os.makedirs(directory, exist_ok=True)
        self.set_limits(limits)
        if not self.v2:  # v2 controls devices with eBPF programs: not done here
            devices = self._dir("devices")
            _write(os.path.join(devices, "devices.deny"), "a")
            for rule in DEVICES_ALLOWED:
                _write(os.path.join(devices, "devices.allow"), rule)

    def allow_block(self, major: int, minor: int) -> None:
        """Let the instance use one block device (its ephemeral disk)."""
        if not self.v2:
            _write(os.path.join(self._dir("devices"), "devices.allow"),
                   f"b {int(major)}:{int(minor)} rwm")

    def set_limits(self, limits: Limits) -> None:
        memory = limits.memory_mb * 1024 * 1024
        quota = limits.vcpus * CPU_PERIOD_US
        if self.v2:
            d = self._dir()
            _write(os.path.join(d, "memory.max"), str(memory))
            _write(os.path.join(d, "memory.swap.max"), "0", missing_ok=True)
            _write(os.path.join(d, "cpu.weight"), str(min(100 * limits.vcpus, 10000)))
            _write(os.path.join(d, "cpu.max"), f"{quota} {CPU_PERIOD_US}")
            _write(os.path.join(d, "pids.max"), str(limits.pids))
            return
        memory_dir = self._dir("memory")
        _write(os.path.join(memory_dir, "memory.limit_in_bytes"), str(memory))
        # with swap accounting, the same bound on memory and swap: no swapping past it
        _write(os.path.join(memory_dir, "memory.memsw.limit_in_bytes"), str(memory),
               missing_ok=True)
        cpu_dir = self._dir("cpu")
        _write(os.path.join(cpu_dir, "cpu.shares"), str(1024 * limits.vcpus))
        _write(os.path.join(cpu_dir, "cpu.cfs_period_us"), str(CPU_PERIOD_US))
        _write(os.path.join(cpu_dir, "cpu.cfs_quota_us"), str(quota))
        _write(os.path.join(self._dir("pids"), "pids.max"), str(limits.pids))

    def pids(self) -> list[int]:
        found = set()
        for path in self.procs_files:
            try:
                with open(path) as handle:
                    found.update(int(line) for line in handle if line.strip())
            except FileNotFoundError:
                pass
        return sorted(found)

    def memory_usage_mb(self) -> int:
        name = "memory.current" if self.v2 else "memory.usage_in_bytes"
        directory = self._dir() if self.v2 else self._dir("memory")
        try:
            with open(os.path.join(directory, name)) as handle:
                return int(handle.read()) // (1024 * 1024)
        except (FileNotFoundError, ValueError):
            return 0

    # --- the freezer ---
    def freeze(self) -> None:
        self._set_frozen(True)

    def thaw(self) -> None:
        self._set_frozen(False)

    def frozen(self) -> bool:
        try:
            if self.v2:
                with open(os.path.join(self._dir(), "cgroup.freeze")) as handle:
                    return handle.read().strip() == "1"
            with open(os.path.join(self._dir("freezer"), "freezer.state")) as handle:
                return handle.read().strip() in ("FROZEN", "FREEZING")
        except FileNotFoundError:
            return False

    def _set_frozen(self, frozen: bool, timeout: float = 10.0) -> None:
        if self.v2:
            _write(os.path.join(self._dir(), "cgroup.freeze"), "1" if frozen else "0")
            events = os.path.join(self._dir(), "cgroup.events")
            wanted = f"frozen {1 if frozen else 0}"
        else:
            state = os.path.join(self._dir("freezer"), "freezer.state")
            _write(state, "FROZEN" if frozen else "THAWED")
            events, wanted = state, "FROZEN" if frozen else "THAWED"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(events) as handle:
                if wanted in handle.read().split("\n"):
                    return
            time.sleep(0.01)
        raise CgroupError(f"The cgroup {self.name} did not become "
                          f"{'frozen' if frozen else 'thawed'} in {timeout:.0f} s.")

    # --- the end ---
    def kill_all(self, timeout: float = 10.0) -> None:
        """SIGKILL every process in it (thawed first: a frozen process would
        not die), until none is left."""
        if not self.exists():
            return
        if self.frozen():
            self.thaw()
        deadline = time.monotonic() + timeout
        while True:
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if time.monotonic() > deadline:
                raise CgroupError(f"Processes {pids} of cgroup {self.name} "
                                  "did not end.")
            time.sleep(0.01)

    def remove(self) -> None:
        """Remove its directories (after kill_all); gone already is no error."""
        self.kill_all()
        for directory in self.directories:
            for _ in range(100):
                try:
                    os.rmdir(directory)
                    break
                except FileNotFoundError:
                    break
                except OSError:  # busy for a moment while the last task exits
                    time.sleep(0.01)
            else:
                raise CgroupError(f"The cgroup {directory} could not be removed.")


def _write(path: str, value: str, missing_ok: bool = False) -> None:
    try:
        with open(path, "w") as handle:
            handle.write(value)
    except FileNotFoundError:
        if not missing_ok:
            raise CgroupError(f"The cgroup file {path} is missing: is its controller "
                              "mounted?")
    except OSError as error:
        if missing_ok and error.errno in (22, 95):  # EINVAL/EOPNOTSUPP: not offered
            return
        raise CgroupError(f"Writing {value!r} to {path} failed: {error}")
