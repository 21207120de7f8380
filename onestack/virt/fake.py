"""A driver that simulates hosts: for tests and scale simulation.

Hosts are simulated with configurable resources ([fake_driver]); tests may ask
it to be slow or to fail a given step on a given host. Like a real hypervisor,
the simulated one keeps its guests when onestack-compute restarts: each
instance is a small JSON file under state_path/fake_driver/HOST/.
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
import threading
import time

from onestack.virt import driver
from onestack.virt.driver import PowerState

_lock = threading.Lock()
# host directory -> uuid -> instance record, shared by every FakeDriver of the
# process that simulates the same host
_HOSTS: dict[str, dict[str, dict]] = {}
_PENDING: dict[str, dict[str, dict]] = {}
_DIAGNOSTICS_STATE = {PowerState.RUNNING: "running", PowerState.PAUSED: "paused",
                      PowerState.SHUTDOWN: "shutdown", PowerState.CRASHED: "crashed",
                      PowerState.SUSPENDED: "suspended"}
_HOST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$")
# (step, host or "*") -> error message; step delays in seconds
FAILURES: dict[tuple[str, str], str] = {}
DELAYS: dict[str, float] = {}
# Capabilities fields a test turns off, to simulate a host that lacks them
WITHOUT: set[str] = set()


def fail_step(step: str, message: str, host: str = "*") -> None:
    FAILURES[(step, host)] = message


def reset() -> None:
    FAILURES.clear()
    DELAYS.clear()
    WITHOUT.clear()


class FakeDriver(driver.Driver):
    _CAPABILITIES = driver.Capabilities(live_migration=True, snapshot=True,
                                        interface_hotplug=True, volume_attach=True,
                                        inject_network_info=True)

    @property
    def capabilities(self) -> driver.Capabilities:
        return dataclasses.replace(self._CAPABILITIES,
                                   **{name: False for name in WITHOUT})

    def __init__(self, conf, host: str):
        super().__init__(conf, host)
        if not _HOST_NAME.match(host):
            raise driver.VirtError(f"Invalid host name for the fake driver: {host!r}")
        self._directory = os.path.join(os.path.abspath(conf.state_path),
                                       "fake_driver", host)
        with _lock:
            if self._directory not in _HOSTS:
                _HOSTS[self._directory] = _load(self._directory)
            self._instances = _HOSTS[self._directory]
            # interfaces and volumes plugged before their guest exists
            self._pending = _PENDING.setdefault(self._directory, {})

    def _save(self, uuid: str) -> None:
        record = self._instances[uuid]
        document = {**record, "spec": dataclasses.asdict(record["spec"]),
                    "power_state": int(record["power_state"])}
        os.makedirs(self._directory, mode=0o700, exist_ok=True)
        path = os.path.join(self._directory, f"{uuid}.json")
        temporary = f"{path}.{threading.get_ident()}.tmp"
        with open(temporary, "w") as handle:
            json.dump(document, handle)
        os.replace(temporary, path)

    def _forget(self, uuid: str) -> None:
        try:
            os.unlink(os.path.join(self._directory, f"{uuid}.json"))
        except FileNotFoundError:
            pass

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
        if step in ("power_on", "reboot"):
            record["started_at"] = time.time()
        record["power_state"] = state
        record["console"].append(line)
        self._save(uuid)

    def node_resources(self):
        fake = self.conf.fake_driver
        return [driver.NodeResources(
            hypervisor_hostname=self.host, hypervisor_type="fake",
            hypervisor_version=1000, vcpus=fake.vcpus, memory_mb=fake.memory_mb,
            local_gb=fake.local_gb, host_ip=self.conf.my_ip)]

    def list_instances(self):
        return list(self._instances)

    # --- devices: kept on the guest's record, or pending until it exists ---
    def _devices(self, uuid: str) -> dict:
        record = self._instances.get(uuid)
        if record is not None:
            return record.setdefault("devices", {"interfaces": {}, "volumes": {}})
        return self._pending.setdefault(uuid, {"interfaces": {}, "volumes": {}})

    def _set_device(self, uuid: str, kind: str, key: str, value) -> None:
        with _lock:
            devices = self._devices(uuid)
            if value is None:
                devices[kind].pop(key, None)
            else:
                devices[kind][key] = value
        if uuid in self._instances:
            self._save(uuid)

    def plugged(self, uuid: str) -> dict:
        """{"interfaces": {id: mac}, "volumes": {device name: volume id}}."""
        with _lock:
            devices = self._devices(uuid)
            return {kind: dict(items) for kind, items in devices.items()}

    def plug_interface(self, uuid, interface):
        self._step("plug_interface")
        self._set_device(uuid, "interfaces", interface.id, interface.mac)

    def unplug_interface(self, uuid, interface):
        self._step("unplug_interface")
        self._set_device(uuid, "interfaces", interface.id, None)

    def attach_block_device(self, uuid, device):
        self._step("attach_block_device")
        self._set_device(uuid, "volumes", device.device_name, device.source_id)

    def detach_block_device(self, uuid, device):
        self._step("detach_block_device")
        self._set_device(uuid, "volumes", device.device_name, None)

    def spawn(self, spec):
        seconds = self.conf.fake_driver.spawn_seconds
        if seconds:
            time.sleep(seconds)
        self._step("spawn")
        with _lock:
            devices = self._pending.pop(spec.uuid, None) or \
                {"interfaces": {}, "volumes": {}}
        self._instances[spec.uuid] = {
            "spec": spec, "power_state": PowerState.RUNNING, "started_at": time.time(),
            "devices": devices,
            "console": [f"onestack fake console of {spec.hostname}",
                        f"Linux version (fake) booting {spec.name}",
                        f"Memory: {spec.memory_mb} MB, CPUs: {spec.vcpus}",
                        *(f"eth{index}: {interface.mac} "
                          f"{' '.join(interface.addresses)}"
                          for index, interface in enumerate(spec.interfaces)),
                        "Starting init.", f"{spec.hostname} login:"]}
        self._save(spec.uuid)

    def destroy(self, uuid):
        """The guest with its local disks; as a real host would, also what is
        plugged into it."""
        self._step("destroy")
        with _lock:
            self._pending.pop(uuid, None)
        self._instances.pop(uuid, None)
        self._forget(uuid)

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

    def get_diagnostics(self, uuid):
        """What a simulated guest shows: its size, state and uptime; it does
        no work, so its CPU, disk and network counters stay at zero. The API
        admits only real driver names, so this says libvirt, as Nova's fake
        driver does; hypervisor says fake."""
        record = self._get(uuid)
        spec, power = record["spec"], record["power_state"]
        running = power == PowerState.RUNNING
        disks = 1 + bool(spec.ephemeral_gb) + bool(spec.swap_mb)
        return {
            "state": _DIAGNOSTICS_STATE.get(power, "pending"), "driver": "libvirt",
            "hypervisor": "fake", "hypervisor_os": "linux",
            "uptime": int(time.time() - record.get("started_at", time.time()))
            if running else 0,
            "config_drive": False, "num_cpus": spec.vcpus,
            "num_nics": len(record.get("devices", {}).get("interfaces", {})),
            "num_disks": disks,
            "cpu_details": [{"id": cpu, "time": 0, "utilisation": 0}
                            for cpu in range(spec.vcpus)],
            "nic_details": [],
            "disk_details": [{"read_bytes": 0, "read_requests": 0, "write_bytes": 0,
                              "write_requests": 0, "errors_count": 0}
                             for _ in range(disks)],
            "memory_details": {"maximum": spec.memory_mb, "used": 0},
        }

    def snapshot(self, uuid, target_path):
        self._step("snapshot")
        spec = self._get(uuid)["spec"]
        with open(target_path, "wb") as handle:
            handle.write(f"fake snapshot of {spec.uuid}\n".encode())

    def set_admin_password(self, uuid, password):
        self._step("set_admin_password")
        self._get(uuid)["admin_password"] = password
        self._save(uuid)

    def inject_network_info(self, uuid, interfaces):
        """Kept as the guest's network_info: what it was given last."""
        self._step("inject_network_info")
        record = self._get(uuid)
        record["network_info"] = [dataclasses.asdict(i) for i in interfaces]
        record["console"].append(f"network info injected: {len(interfaces)} "
                                 "interface(s)")
        self._save(uuid)

    def migrate_out(self, uuid, live):
        self._step("migrate_out")
        record = self._instances.pop(uuid, None)
        if record is None:
            raise driver.VirtError(f"Instance {uuid} is not on host {self.host}.")
        self._forget(uuid)
        return {"console": record["console"], "source": self.host,
                "started_at": record.get("started_at")}

    def migrate_in(self, spec, data, power_on):
        self._step("migrate_in")
        self._instances[spec.uuid] = {
            "spec": spec,
            "power_state": PowerState.RUNNING if power_on else PowerState.SHUTDOWN,
            "started_at": data.get("started_at", time.time()),
            "console": list(data.get("console", [])) + [f"arrived on {self.host}"]}
        self._save(spec.uuid)


def _load(directory: str) -> dict[str, dict]:
    """The guests a simulated host kept while its compute service was away."""
    found = {}
    if not os.path.isdir(directory):
        return found
    for name in os.listdir(directory):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(directory, name)) as handle:
            document = json.load(handle)
        document["spec"] = driver.InstanceSpec.from_dict(document["spec"])
        document["power_state"] = PowerState(document["power_state"])
        found[document["spec"].uuid] = document
    return found
