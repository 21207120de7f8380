"""`compute_driver = container`: each instance a real, isolated Linux process tree.

An instance is its init running as PID 1 in new PID, mount, UTS, IPC and
network namespaces, on an overlayfs root over its image (rootfs.py), limited
by cgroups from its flavor (cgroups.py), with veth interfaces in its named
network namespace (netns.py) and a config drive (configdrive.py); its
monitor (monitor.py, run by process.py) starts it and keeps its console
log. Everything of an instance lives under
state_path/container/HOST/instances/UUID, so a restarted compute service finds
its running instances there and adopts them.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
import shutil
import subprocess
import threading
import time

from oslo_log import log as logging

from onestack.common import netns as namespaces
from onestack.common.revert import Revert
from onestack.virt import driver
from onestack.virt.container import cgroups, configdrive, netns, process, rootfs
from onestack.virt.driver import PowerState, VirtError

LOG = logging.getLogger(__name__)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HOSTNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$")
GIB = 1024 ** 3
_locks_lock = threading.Lock()
# one operation at a time on an instance: a delete that arrives during the
# build waits for the spawn and then removes all of it
_INSTANCE_LOCKS: dict[str, threading.RLock] = {}


def _serialized(method):
    @functools.wraps(method)
    def locked(self, uuid_or_spec, *args, **kwargs):
        uuid = getattr(uuid_or_spec, "uuid", uuid_or_spec)
        with _locks_lock:
            lock = _INSTANCE_LOCKS.setdefault(uuid, threading.RLock())
        with lock:
            return method(self, uuid_or_spec, *args, **kwargs)
    return locked


_DIAGNOSTICS_STATE = {PowerState.RUNNING: "running", PowerState.PAUSED: "paused",
                      PowerState.SHUTDOWN: "shutdown", PowerState.SUSPENDED: "suspended"}


def _valid_host(host: str) -> str:
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$", host or ""):
        raise VirtError(f"Invalid host name for the container driver: {host!r}")
    return host


def _valid_uuid(uuid: str) -> str:
    if not _UUID.match(uuid or ""):
        raise VirtError(f"Invalid instance UUID: {uuid!r}")
    return uuid


def criu_check() -> tuple[bool, str]:
    """Whether CRIU can checkpoint processes on this host, and why not."""
    criu = shutil.which("criu")
    if criu is None:
        return False, "criu is not installed"
    try:
        result = subprocess.run([criu, "check"], capture_output=True, text=True,
                                timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        return False, f"criu check could not run: {error}"
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        # the first error is the cause (on Debian 12 with this kernel:
        # "vdso: Unexpected rt vDSO area bounds")
        return False, f"criu check fails: {lines[0] if lines else result.returncode}"
    return True, ""


class ContainerDriver(driver.Driver):
    uses_image_files = True

    def __init__(self, conf, host: str):
        super().__init__(conf, host)
        if os.geteuid() != 0:
            raise VirtError("The container driver needs root (namespaces, mounts, "
                            "cgroups).")
        self.options = conf.container
        # per host: two compute services of one machine keep apart
        self.base = os.path.join(os.path.abspath(conf.state_path), "container",
                                 _valid_host(host))
        self.instances_dir = os.path.join(self.base, "instances")
        self.images_dir = os.path.join(self.base, "images")
        self.ports_dir = os.path.join(self.base, "ports")
        os.makedirs(self.instances_dir, mode=0o700, exist_ok=True)
        os.makedirs(self.images_dir, mode=0o700, exist_ok=True)
        # the bridges are where the linux network driver makes them: its
        # network_namespace, unless [container] host_netns says otherwise
        self.host_netns = self.options.host_netns or (
            conf.network_namespace if "network_namespace" in conf else "")
        if self.host_netns:
            netns.valid_netns(self.host_netns)
        criu_ok, self.live_migration_refusal = criu_check()
        # the CRIU path is not written yet: even where criu check passes, say no
        self.live_migration_refusal = self.live_migration_refusal or \
            "live migration with CRIU is not implemented by this driver yet"
        LOG.info("Container driver on host %s: no live migration (%s)", host,
                 self.live_migration_refusal)
        self.capabilities = driver.Capabilities(
            live_migration=False, snapshot=True, pause=True, suspend=True,
            console_output=True, set_admin_password=True, inject_network_info=True)

    # --- where things are ---
    def _dir(self, uuid: str) -> str:
        return os.path.join(self.instances_dir, _valid_uuid(uuid))

    def _file(self, uuid: str, name: str) -> str:
        return os.path.join(self._dir(uuid), name)

    def _layout(self, uuid: str) -> rootfs.Layout:
        return rootfs.Layout(self._dir(uuid))

    def _cgroup(self, uuid: str) -> cgroups.Cgroup:
        return cgroups.Cgroup(self.options.cgroup_parent, _valid_uuid(uuid))

    @staticmethod
    def netns_name(uuid: str) -> str:
        return f"onestack-{_valid_uuid(uuid)}"

    def _spec(self, uuid: str) -> driver.InstanceSpec:
        try:
            with open(self._file(uuid, "spec.json")) as handle:
                return driver.InstanceSpec.from_dict(json.load(handle))
        except FileNotFoundError:
            raise VirtError(f"Instance {uuid} is not on host {self.host}.")

    # --- the host ---
    def node_resources(self):
        with open("/proc/meminfo") as handle:
            total_kb = next(int(line.split()[1]) for line in handle
                            if line.startswith("MemTotal:"))
        disk = os.statvfs(self.base)
        release = os.uname().release.split("-")[0].split(".")
        numbers = [int(part) for part in release if part.isdigit()][:3] + [0, 0, 0]
        return [driver.NodeResources(
            hypervisor_hostname=self.host, hypervisor_type="container",
            hypervisor_version=numbers[0] * 1000000 + numbers[1] * 1000 + numbers[2],
            vcpus=os.cpu_count() or 1,
            memory_mb=max(total_kb // 1024 - self.options.reserved_host_memory_mb, 0),
            local_gb=max(disk.f_blocks * disk.f_frsize // GIB
                         - self.options.reserved_host_disk_gb, 0),
            host_ip=self.conf.my_ip,
            cpu_info=json.dumps({"arch": os.uname().machine,
                                 "topology": {"cores": os.cpu_count() or 1,
                                              "threads": 1, "sockets": 1}}))]

    def list_instances(self):
        return [name for name in os.listdir(self.instances_dir)
                if _UUID.match(name) and
                os.path.exists(os.path.join(self.instances_dir, name, "spec.json"))]

    def remove_unused_images(self, in_use):
        """The unpacked roots of images no instance here uses."""
        keep = set(in_use)
        for uuid in self.list_instances():
            try:
                keep.add(self._spec(uuid).image_id or "image")
            except VirtError:
                pass
        for image_id in os.listdir(self.images_dir):
            if image_id not in keep:
                LOG.info("Removing the unpacked root of unused image %s", image_id)
                shutil.rmtree(os.path.join(self.images_dir, image_id),
                              ignore_errors=True)

    # --- interfaces and volumes ---
    def _ports_dir(self, uuid: str) -> str:
        """Where the ports plugged for an instance are recorded, so that its
        destroy unplugs them even after the network has forgotten them."""
        return os.path.join(self.ports_dir, _valid_uuid(uuid))

    @_serialized
    def plug_interface(self, uuid, interface):
        name = self.netns_name(uuid)
        netns.host_name(interface.id)  # a port id that can name a device
        os.makedirs(self._ports_dir(uuid), mode=0o700, exist_ok=True)
        open(os.path.join(self._ports_dir(uuid), interface.id), "w").close()
        netns.create(name)
        netns.plug(name, interface.id, interface.mac, interface.bridge, self.host_netns)

    @_serialized
    def unplug_interface(self, uuid, interface):
        if self._now_on(uuid) is None:  # else the tap is the other host's now
            netns.unplug(interface.id, self.host_netns)
        try:
            os.unlink(os.path.join(self._ports_dir(uuid), interface.id))
        except FileNotFoundError:
            pass

    def attach_block_device(self, uuid, device):
        raise VirtError("The container driver cannot attach volumes; boot from an "
                        "image instead.")

    def detach_block_device(self, uuid, device):
        """Nothing is ever attached."""

    # --- spawn and destroy ---
    @_serialized
    def spawn(self, spec):
        self._build(spec)

    def _build(self, spec, layer: str | None = None, ephemeral: str | None = None,
               start: bool = True) -> None:
        """The instance from its image (and, when it moves here, the layer
        and ephemeral disk it had on its former host); started if start."""
        _valid_uuid(spec.uuid)
        if not _HOSTNAME.match(spec.hostname or ""):
            raise VirtError(f"Invalid hostname for an instance: {spec.hostname!r}")
        if spec.memory_mb < 16 or spec.vcpus < 1:
            raise VirtError("An instance needs at least 16 MB of RAM and one vCPU.")
        if not spec.image_path:
            raise VirtError("The container driver boots from an image in the host's "
                            "image cache; this instance has none (boot from volume "
                            "is not supported).")
        directory = self._dir(spec.uuid)
        if os.path.exists(os.path.join(directory, "spec.json")):
            raise VirtError(f"Instance {spec.uuid} exists on host {self.host} already.")
        layout = self._layout(spec.uuid)
        with Revert() as revert:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            revert.add(rootfs.remove, layout)
            max_bytes = spec.root_gb * GIB if spec.root_gb else None
            kind, base = rootfs.base_layer(spec.image_path, spec.image_id or "image",
                                           self.images_dir, max_bytes)
            with open(os.path.join(directory, "base.json"), "w") as handle:
                json.dump({"kind": kind, "path": base}, handle)
            rootfs.prepare_layers(layout, spec.root_gb)
            if layer is not None:
                rootfs.unpack_layer(layer, layout.upper)
            if ephemeral is not None:
                shutil.move(ephemeral, layout.ephemeral)
                revert.add(_give_back, layout.ephemeral, ephemeral)
            rootfs.mount_root(layout, kind, base)
            if self.conf.libvirt.inject_password and spec.admin_password:
                rootfs.set_root_password(layout.merged, spec.admin_password)
            name = self.netns_name(spec.uuid)
            if not namespaces.exists(name):
                netns.create(name)
                revert.add(netns.delete, name)
            bridged = {i.id: self._bridged(i) for i in spec.interfaces}
            configdrive.write(os.path.join(directory, "config"), spec, bridged)
            cgroup = self._cgroup(spec.uuid)
            cgroup.create(self._limits(spec))
            revert.add(cgroup.remove)
            self._write_spec(spec)
            if start:
                self._start(spec)

    def _bridged(self, interface) -> bool:
        try:
            return netns.bridged(interface.id, interface.bridge, self.host_netns)
        except VirtError:
            return False

    def _limits(self, spec) -> cgroups.Limits:
        return cgroups.Limits(memory_mb=spec.memory_mb, vcpus=spec.vcpus,
                              pids=self.options.pids_limit)

    def _write_spec(self, spec) -> None:
        path = self._file(spec.uuid, "spec.json")
        with open(f"{path}.tmp", "w") as handle:
            json.dump(dataclasses.asdict(dataclasses.replace(spec, admin_password=None)),
                      handle)
        os.replace(f"{path}.tmp", path)

    @_serialized
    def destroy(self, uuid):
        """Kill every process, then remove the cgroup, the network namespace
        (and the veths in it), the mounts (and loop devices) and the files;
        each step is skipped when what it removes is gone."""
        _valid_uuid(uuid)
        other = self._now_on(uuid)
        if other is not None:
            self._destroy_files_only(uuid, other)
            return
        self._kill(uuid)
        cgroup = self._cgroup(uuid)
        cgroup.remove()
        ports = self._ports_dir(uuid)
        for port_id in sorted(os.listdir(ports)) if os.path.isdir(ports) else ():
            netns.unplug(port_id, self.host_netns)  # the pair goes at once
        netns.delete(self.netns_name(uuid))
        if os.path.isdir(ports):
            shutil.rmtree(ports)
        rootfs.remove(self._layout(uuid))

    def _now_on(self, uuid: str) -> str | None:
        """Another host of this machine (a compute service sharing this
        state_path) that has the instance now, as the destination of its
        evacuation has: the instance's network namespace, cgroup and tap
        devices are named without the host, so they are that host's."""
        root = os.path.dirname(self.base)
        for other in sorted(os.listdir(root)):
            if other != self.host and os.path.exists(os.path.join(
                    root, other, "instances", _valid_uuid(uuid), "spec.json")):
                return other
        return None

    def _destroy_files_only(self, uuid: str, other: str) -> None:
        """This host's part of an instance that host `other` has now: its
        mounts, loop device and files; the namespace, cgroup and taps by its
        names are left to `other`. Its processes here must be gone (as after
        the failure of this host that evacuated it): they share that cgroup,
        so they could not be killed here without killing the other's."""
        processes = self._processes(uuid)
        if processes.init_pid() is not None or processes.monitor_pid() is not None:
            raise VirtError(
                f"Instance {uuid} is on host {other} now but still runs on host "
                f"{self.host}; it shares its cgroup and network namespace names "
                "there, so it is not destroyed here: stop its processes first.")
        LOG.info("Instance %s is on host %s now: removing only its files on host %s",
                 uuid, other, self.host)
        ports = self._ports_dir(uuid)
        if os.path.isdir(ports):
            shutil.rmtree(ports)
        rootfs.remove(self._layout(uuid))

    # --- processes ---
    def _processes(self, uuid: str) -> process.Processes:
        return process.Processes(self._dir(uuid), self._cgroup(uuid))

    def _start(self, spec) -> None:
        """Start the instance's init (through its monitor)."""
        uuid = spec.uuid
        layout = self._layout(uuid)
        self._restore_host_state(spec, layout)
        disks = []
        if spec.ephemeral_gb:
            major, minor = rootfs.attach_disk(layout.ephemeral, spec.ephemeral_gb)
            self._cgroup(uuid).allow_block(major, minor)
            disks.append({"name": self._ephemeral_name(spec), "major": major,
                          "minor": minor})
        try:
            self._processes(uuid).start({
                "root": layout.merged, "hostname": spec.hostname, "disks": disks,
                "netns_path": namespaces.path(self.netns_name(uuid)),
                "console_limit": self.options.console_log_bytes,
                "config_drive": self._file(uuid, "config")})
        except VirtError as error:
            raise VirtError(f"Instance {uuid}: {error}")

    def _restore_host_state(self, spec, layout) -> None:
        """What a reboot of the host took and a start needs again: the root
        mount and the network namespace with the instance's veths."""
        if not rootfs.is_mounted(layout.merged):
            try:
                with open(self._file(spec.uuid, "base.json")) as handle:
                    base = json.load(handle)
            except FileNotFoundError:
                raise VirtError(f"The root file system of {spec.uuid} is lost.")
            rootfs.mount_root(layout, base["kind"], base["path"])
        name = self.netns_name(spec.uuid)
        if not namespaces.exists(name):
            netns.create(name)
            for interface in spec.interfaces:
                netns.unplug(interface.id, self.host_netns)
                netns.plug(name, interface.id, interface.mac, interface.bridge,
                           self.host_netns)

    @staticmethod
    def _ephemeral_name(spec) -> str:
        """The ephemeral disk's device name, as the compute host named it (vdb)."""
        for device in spec.block_devices:
            if device.source == "blank" and re.match(r"^vd[b-z]$", device.device_name):
                return device.device_name
        return "vdb"

    def _running(self, uuid: str) -> bool:
        return self._processes(uuid).running()

    def _kill(self, uuid: str) -> None:
        self._processes(uuid).kill()

    def _stop(self, uuid: str, soft: bool) -> None:
        self._processes(uuid).stop(soft, self.options.shutdown_timeout)
        self._set_flag(uuid, "suspended", False)

    def _set_flag(self, uuid: str, name: str, on: bool) -> None:
        path = self._file(uuid, name)
        if on:
            open(path, "w").close()
        elif os.path.exists(path):
            os.unlink(path)

    # --- power ---
    @_serialized
    def reboot(self, uuid, hard):
        spec = self._spec(uuid)
        self._stop(uuid, soft=not hard)
        self._start(spec)

    @_serialized
    def power_off(self, uuid):
        self._spec(uuid)
        self._stop(uuid, soft=True)

    @_serialized
    def power_on(self, uuid):
        spec = self._spec(uuid)
        if not self._running(uuid):
            self._kill(uuid)  # what is left of a crashed one
            self._start(spec)

    def _require_running(self, uuid: str) -> None:
        self._spec(uuid)
        if not self._running(uuid):
            raise VirtError(f"Instance {uuid} is not running.")

    @_serialized
    def pause(self, uuid):
        self._require_running(uuid)
        self._cgroup(uuid).freeze()

    @_serialized
    def unpause(self, uuid):
        self._require_running(uuid)
        self._cgroup(uuid).thaw()
        self._set_flag(uuid, "suspended", False)

    @_serialized
    def suspend(self, uuid):
        """Without CRIU the memory cannot be saved to disk: suspend freezes
        the instance as pause does, and says suspended."""
        self._require_running(uuid)
        self._cgroup(uuid).freeze()
        self._set_flag(uuid, "suspended", True)

    @_serialized
    def resume(self, uuid):
        self.unpause(uuid)

    def _power_state(self, uuid: str) -> PowerState:
        if not self._running(uuid):
            return PowerState.SHUTDOWN
        if self._cgroup(uuid).frozen():
            return PowerState.SUSPENDED if os.path.exists(self._file(uuid, "suspended")) \
                else PowerState.PAUSED
        return PowerState.RUNNING

    def get_info(self, uuid):
        spec = self._spec(uuid)
        return driver.InstanceInfo(power_state=int(self._power_state(uuid)),
                                   vcpus=spec.vcpus, memory_mb=spec.memory_mb)

    def get_console_output(self, uuid):
        self._spec(uuid)
        try:
            with open(self._file(uuid, "console.log"), "rb") as handle:
                handle.seek(0, os.SEEK_END)
                size = handle.tell()
                handle.seek(max(size - self.options.console_log_bytes, 0))
                return handle.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def get_diagnostics(self, uuid):
        spec = self._spec(uuid)
        power = self._power_state(uuid)
        started = self._processes(uuid).started_at()
        return {
            "state": _DIAGNOSTICS_STATE.get(power, "pending"), "driver": "libvirt",
            "hypervisor": "container", "hypervisor_os": "linux",
            "uptime": int(time.time() - started) if started else 0,
            "config_drive": True, "num_cpus": spec.vcpus,
            "num_nics": len(spec.interfaces), "num_disks": 1,
            "cpu_details": [{"id": cpu, "time": 0, "utilisation": 0}
                            for cpu in range(spec.vcpus)],
            "nic_details": [],
            "disk_details": [{"read_bytes": 0, "read_requests": 0, "write_bytes": 0,
                              "write_requests": 0, "errors_count": 0}],
            "memory_details": {"maximum": spec.memory_mb,
                               "used": self._cgroup(uuid).memory_usage_mb()},
        }

    # --- images ---
    @_serialized
    def snapshot(self, uuid, target_path):
        """The root file system as a tar; a running instance is frozen while
        it is read, so the image is consistent."""
        spec = self._spec(uuid)
        layout = self._layout(uuid)
        self._restore_host_state(spec, layout)  # after a reboot of the host
        cgroup = self._cgroup(uuid)
        thaw = self._running(uuid) and not cgroup.frozen()
        if thaw:
            cgroup.freeze()
        try:
            rootfs.snapshot_tar(layout.merged, target_path)
        finally:
            if thaw:
                cgroup.thaw()

    @_serialized
    def set_admin_password(self, uuid, password):
        """The root entry of the instance's /etc/shadow, written through its
        root file system as the guest sees it (as inject_password at build)."""
        layout = self._layout(uuid)
        self._spec(uuid)  # VirtError when the instance is not here
        if not rootfs.is_mounted(layout.merged):
            raise VirtError(f"The root file system of {uuid} is not mounted; start "
                            "the server first.")
        rootfs.set_root_password(layout.merged, password)

    @_serialized
    def inject_network_info(self, uuid, interfaces):
        """Each interface plugged (its host end into its bridge, which the
        network service may have made since) and the config drive's network
        data rewritten, which the guest reads when it configures itself."""
        spec = dataclasses.replace(self._spec(uuid), interfaces=tuple(interfaces))
        name = self.netns_name(uuid)
        netns.create(name)
        for interface in spec.interfaces:
            netns.plug(name, interface.id, interface.mac, interface.bridge,
                       self.host_netns)
        bridged = {i.id: self._bridged(i) for i in spec.interfaces}
        configdrive.write(self._file(uuid, "config"), spec, bridged)
        self._write_spec(spec)

    # --- moves ---
    @_serialized
    def migrate_out(self, uuid, live):
        """Cold migration and resize: the instance stops, its layer (what it
        changed of its image) and its ephemeral disk are put aside under
        this host's outgoing/ for the target's migrate_in, and it goes from
        here. The target must reach that path (hosts on one machine or
        sharing state_path storage)."""
        if live:
            raise VirtError(f"Live migration is refused on host {self.host}: "
                            f"{self.live_migration_refusal}.")
        spec = self._spec(uuid)
        layout = self._layout(uuid)
        self._stop(uuid, soft=True)
        outgoing = os.path.join(self.base, "outgoing")
        os.makedirs(outgoing, mode=0o700, exist_ok=True)
        layer = os.path.join(outgoing, f"{uuid}.layer.tar")
        rootfs.pack_layer(layout.upper, layer)
        ephemeral = None
        if os.path.exists(layout.ephemeral):
            rootfs.detach_disk(layout.ephemeral)
            ephemeral = os.path.join(outgoing, f"{uuid}.eph")
            os.rename(layout.ephemeral, ephemeral)
        console = self.get_console_output(uuid)
        self.destroy(uuid)
        return {"layer": layer, "ephemeral": ephemeral, "from_host": self.host,
                "console": console[-8192:], "image_id": spec.image_id}

    @_serialized
    def migrate_in(self, spec, data, power_on):
        """The instance as migrate_out on its former host left it."""
        layer, ephemeral = data.get("layer"), data.get("ephemeral")
        for path, suffix in ((layer, ".layer.tar"), (ephemeral, ".eph")):
            if path is None:
                continue
            if not path.endswith(f"/outgoing/{spec.uuid}{suffix}") or \
                    not os.path.isabs(path):
                raise VirtError(f"Not a migration file of instance {spec.uuid}: "
                                f"{path!r}")
            rootfs.valid_path(path)
            if not os.path.exists(path):
                raise VirtError(
                    f"Host {self.host} cannot reach {path} that host "
                    f"{data.get('from_host')} left: the container driver moves "
                    "instances between hosts on one machine or sharing state_path "
                    "storage.")
        if layer is None:
            raise VirtError("The migration data has no layer.")
        for interface in spec.interfaces:
            self.plug_interface(spec.uuid, interface)
        self._build(spec, layer=layer, ephemeral=ephemeral, start=power_on)
        with open(self._file(spec.uuid, "console.log"), "a") as handle:
            handle.write(data.get("console", "") +
                         f"[onestack: moved from {data.get('from_host')}]\n")
        os.unlink(layer)


def _give_back(path: str, origin: str) -> None:
    """A moved-in disk back where the move left it, for another try."""
    if os.path.exists(path):
        rootfs.detach_disk(path)
        shutil.move(path, origin)
