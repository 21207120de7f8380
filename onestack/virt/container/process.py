"""The processes of one instance: its monitor (monitor.py) and its init,
found from pid files in the instance's directory and checked against its
cgroup, so that a pid another process took since is never signalled."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

from onestack.virt.container import cgroups
from onestack.virt.driver import VirtError

MONITOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "monitor.py")
# monitors this process started: waited for, so that none is left a zombie
_MONITORS: dict[str, subprocess.Popen] = {}
_lock = threading.Lock()


class Processes:
    def __init__(self, directory: str, cgroup: cgroups.Cgroup):
        self.directory, self.cgroup = directory, cgroup

    def _file(self, name: str) -> str:
        return os.path.join(self.directory, name)

    def start(self, launch: dict) -> None:
        """Start the monitor with launch (see monitor.py; init_pid_file and
        console are set here); returns once the init runs, VirtError with
        what it printed if it does not."""
        for name in ("init.pid", "monitor.pid"):
            try:
                os.unlink(self._file(name))
            except FileNotFoundError:
                pass
        launch = {**launch, "init_pid_file": self._file("init.pid"),
                  "console": self._file("console.log"),
                  "cgroup_procs": self.cgroup.procs_files}
        with open(self._file("launch.json"), "w") as handle:
            json.dump(launch, handle)
        with open(self._file("monitor.log"), "ab") as errors:
            process = subprocess.Popen(
                [sys.executable, "-I", "-S", MONITOR, self._file("launch.json")],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                start_new_session=True, close_fds=True)
        with _lock:
            _MONITORS[self.directory] = process
        with open(self._file("monitor.pid"), "w") as handle:
            handle.write(str(process.pid))
        deadline = time.monotonic() + 10
        while not os.path.exists(self._file("init.pid")):
            if process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise VirtError(f"The init of the instance did not start: "
                                f"{self.console_tail()}")
            time.sleep(0.002)
        if not self.running():
            self.kill()
            raise VirtError(f"The init of the instance ended at once: "
                            f"{self.console_tail()}")

    def console_tail(self) -> str:
        text = ""
        for name in ("console.log", "monitor.log"):
            try:
                with open(self._file(name), "rb") as handle:
                    text += handle.read()[-500:].decode("utf-8", "replace")
            except FileNotFoundError:
                pass
        return text.strip() or "no output"

    def _pid(self, name: str) -> int | None:
        """The live process of a pid file, or None."""
        try:
            with open(self._file(name)) as handle:
                pid = int(handle.read().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            with open(f"/proc/{pid}/stat") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, IndexError):
            return None
        if state in ("Z", "X"):
            _reap(pid)
            return None
        return pid

    def init_pid(self) -> int | None:
        """The instance's init, if it runs (in the instance's cgroup)."""
        pid = self._pid("init.pid")
        if pid is None:
            return None
        try:
            with open(f"/proc/{pid}/cgroup") as handle:
                mine = f"/{self.cgroup.parent}/{self.cgroup.name}" in handle.read()
        except FileNotFoundError:
            return None
        return pid if mine else None

    def monitor_pid(self) -> int | None:
        return self._pid("monitor.pid")

    def running(self) -> bool:
        return self.init_pid() is not None

    def started_at(self) -> float | None:
        try:
            return os.path.getmtime(self._file("init.pid")) if self.running() else None
        except FileNotFoundError:
            return None

    def _wait_monitor_end(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _reap_monitors()
            if self._pid("monitor.pid") is None:
                return True
            time.sleep(0.01)
        return False

    def kill(self) -> None:
        """SIGKILL every process of the instance and end its monitor."""
        self.cgroup.kill_all()
        if not self._wait_monitor_end(5):
            monitor = self._pid("monitor.pid")
            if monitor is not None:
                os.kill(monitor, signal.SIGKILL)
                self._wait_monitor_end(5)

    def stop(self, soft: bool, timeout: float) -> None:
        """Soft: SIGTERM to the init, up to timeout seconds for it to end;
        then (or at once) kill what is left."""
        init = self.init_pid()
        if self.cgroup.frozen():
            self.cgroup.thaw()
        if soft and init is not None:
            try:
                os.kill(init, signal.SIGTERM)
            except ProcessLookupError:
                pass
            self._wait_monitor_end(timeout)
        self.kill()


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _reap_monitors() -> None:
    with _lock:
        for key, process in list(_MONITORS.items()):
            if process.poll() is not None:
                del _MONITORS[key]
