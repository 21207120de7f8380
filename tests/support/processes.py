"""Processes of the cloud started by a test, and ended by it by their PID."""
import os
import signal
import subprocess
import time

import requests

from tests.support.cloud import VENV_BIN, Clients, free_port, load_config, write_config


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


class CloudProcess(Clients):
    """`onestack all` as a process of its own, as `make run` starts it, so that
    clients in this process do not share its interpreter; stop() ends it."""

    def __init__(self, state_path: str, extra: dict | None = None):
        self.state_path = state_path
        self.config_file = write_config(state_path, extra)
        self.conf = load_config(self.config_file)
        run("onestack-manage", "--config-file", self.config_file, "db", "sync")
        run("onestack-manage", "--config-file", self.config_file, "bootstrap")
        self.processes = Processes(state_path)
        self.process = self.processes.start("all", "onestack", "all",
                                            "--config-file", self.config_file)
        for api in ("identity", "compute", "image"):
            wait_for(lambda: answers(self.url(api).rsplit("/v", 1)[0] + "/", (200, 300)),
                     timeout=60, what=f"onestack all's {api} API "
                                      f"({self.processes.log('all')[-2000:]})")

    def stop(self):
        self.processes.stop_all()


def run(command: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([os.path.join(VENV_BIN, command), *args],
                            capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"{command} {' '.join(args)} failed:\n{result.stderr}")
    return result


def answers(url: str, statuses=(200,)) -> bool:
    """Whether a server of ours answers url with one of statuses yet."""
    try:
        return requests.get(url, timeout=2).status_code in statuses
    except requests.ConnectionError:
        return False


def wait_for(predicate, timeout: float = 30, interval: float = 0.2, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")


def start_identity_api(cloud, processes: Processes, directory, extra: str = "") -> str:
    """A second onestack-api process on the cloud's database, serving identity on
    a port of its own with extra config lines; returns its URL once it answers."""
    port = free_port()
    config = os.path.join(str(directory), "api.conf")
    with open(cloud.config_file) as base, open(config, "w") as handle:
        handle.write(base.read() + f"\n[DEFAULT]\nidentity_listen_port = {port}\n"
                     f"enabled_apis = identity\n{extra}\n")
    processes.start("api", "onestack-api", "--config-file", config)
    url = f"http://127.0.0.1:{port}"

    wait_for(lambda: answers(url + "/v3"), what=f"onestack-api on port {port}")
    return url
