"""A driver that keeps instances in memory: for tests and scale simulation.

Hosts are simulated with configurable resources ([fake_driver]); tests may ask
it to be slow or to fail a given step on a given instance name pattern.
"""
from __future__ import annotations

import threading
import time

from onestack.virt import driver
from onestack.virt.driver import PowerState

_lock = threading.Lock()
# host -> uuid -> instance record: shared by every FakeDriver of the process,
# so a migration between two simulated hosts in one process finds its source
_HOSTS: dict[str, dict[str, dict]] = {}
# (step, host or "*") -> error message; step delays in seconds
FAILURES: dict[tuple[str, str], str] = {}
DELAYS: dict[str, float] = {}


def fail_step(step: str, message: str, host: str = "*") -> None:
    FAILURES[(step, host)] = message


def reset() -> None:
    FAILURES.clear()
    DELAYS.clear()


class FakeDriver(driver.Driver):
    capabilities = driver.Capabilities(live_migration=True, snapshot=True)

    def __init__(self, conf, host: str):
        super().__init__(conf, host)
        with _lock:
            self._instances = _HOSTS.setdefault(host, {})

    def _step(self, step: str) -> None:
        if DELAYS.get(step):
            time.sleep(DELAYS[step])
        message = FAILURES.get((step, self.host)) or FAILURES.get((step, "*"))
        if message:
            raise driver.VirtError(message)

    def _get(self, uuid: str) -> dict:
        try:
            return self._instances[uuid]
        except KeyError:
            raise driver.VirtError(f"Instance {uuid} is not on host {self.host}.")

    def _set_power(self, uuid: str, step: str, state: PowerState, line: str) -> None:
        self._step(step)
        record = self._get(uuid)
        record["power_state"] = state
        record["console"].append(line)

    def node_resources(self):
        fake = self.conf.fake_driver
        return [driver.NodeResources(
            hypervisor_hostname=self.host, hypervisor_type="fake",
            hypervisor_version=1000, vcpus=fake.vcpus, memory_mb=fake.memory_mb,
            local_gb=fake.local_gb, host_ip=self.conf.my_ip)]

    def list_instances(self):
        return list(self._instances)

    def spawn(self, spec):
        self._step("spawn")
        self._instances[spec.uuid] = {
            "spec": spec, "power_state": PowerState.RUNNING,
            "console": [f"onestack fake console of {spec.hostname}",
                        f"Linux version (fake) booting {spec.name}",
                        f"Memory: {spec.memory_mb} MB, CPUs: {spec.vcpus}",
                        "Starting init.", f"{spec.hostname} login:"]}

    def destroy(self, uuid):
        self._step("destroy")
        self._instances.pop(uuid, None)

    def reboot(self, uuid, hard):
        self._set_power(uuid, "reboot", PowerState.RUNNING,
                        "hard reset" if hard else "reboot: Restarting system")

    def power_off(self, uuid):
        self._set_power(uuid, "power_off", PowerState.SHUTDOWN, "reboot: Power down")

    def power_on(self, uuid):
        self._set_power(uuid, "power_on", PowerState.RUNNING, "booting")

    def pause(self, uuid):
        self._set_power(uuid, "pause", PowerState.PAUSED, "paused")

    def unpause(self, uuid):
        self._set_power(uuid, "unpause", PowerState.RUNNING, "unpaused")

    def suspend(self, uuid):
        self._set_power(uuid, "suspend", PowerState.SUSPENDED, "PM: suspend entry")

    def resume(self, uuid):
        self._set_power(uuid, "resume", PowerState.RUNNING, "PM: resume")

    def get_info(self, uuid):
        record = self._get(uuid)
        spec = record["spec"]
        return driver.InstanceInfo(power_state=int(record["power_state"]),
                                   vcpus=spec.vcpus, memory_mb=spec.memory_mb)

    def get_console_output(self, uuid):
        return "\n".join(self._get(uuid)["console"]) + "\n"

    def snapshot(self, uuid, target_path):
        self._step("snapshot")
        spec = self._get(uuid)["spec"]
        with open(target_path, "wb") as handle:
            handle.write(f"fake snapshot of {spec.uuid}\n".encode())

    def set_admin_password(self, uuid, password):
        self._step("set_admin_password")
        self._get(uuid)["admin_password"] = password

    def migrate_out(self, uuid, live):
        self._step("migrate_out")
        record = self._instances.pop(uuid, None)
        if record is None:
            raise driver.VirtError(f"Instance {uuid} is not on host {self.host}.")
        return {"console": record["console"], "source": self.host}

    def migrate_in(self, spec, data, power_on):
        self._step("migrate_in")
        self._instances[spec.uuid] = {
            "spec": spec,
            "power_state": PowerState.RUNNING if power_on else PowerState.SHUTDOWN,
            "console": list(data.get("console", [])) + [f"arrived on {self.host}"]}
