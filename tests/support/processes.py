"""Processes of the cloud started by a test, and ended by it by their PID."""
import os
import signal
import subprocess
import time

from tests.support.cloud import VENV_BIN


class Processes:
    def __init__(self, log_dir: str):
        self.log_dir = log_dir
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: str, *args: str) -> subprocess.Popen:
        log = open(os.path.join(self.log_dir, f"{name}.log"), "w")
        process = subprocess.Popen([os.path.join(VENV_BIN, command), *args],
                                   stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.running[name] = process
        return process

    def log(self, name: str) -> str:
        with open(os.path.join(self.log_dir, f"{name}.log")) as handle:
            return handle.read()

    def kill(self, name: str, signum=signal.SIGKILL) -> None:
        process = self.running.pop(name)
        process.send_signal(signum)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.running):
            self.kill(name, signal.SIGTERM)


def run(command: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([os.path.join(VENV_BIN, command), *args],
                            capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"{command} {' '.join(args)} failed:\n{result.stderr}")
    return result


def wait_for(predicate, timeout: float = 30, interval: float = 0.2, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
