"""The one interface a virt driver implements.

Every method takes plain values (an InstanceSpec, names, paths) and raises
VirtError on failure. A method that fails leaves nothing behind: a failed
spawn removes what it created, so the manager can retry or clean up by name.
"""
from __future__ import annotations

import abc
import dataclasses
import enum
import time

from onestack.common import exceptions


class PowerState(enum.IntEnum):
    NOSTATE = 0
    RUNNING = 1
    PAUSED = 3
    SHUTDOWN = 4
    CRASHED = 6
    SUSPENDED = 7


class VirtError(exceptions.OnestackError):
    """A driver could not do what it was asked; the message says why."""


@dataclasses.dataclass(frozen=True)
class Capabilities:
    """What a driver can do beyond the abstract methods; the compute API
    refuses (409) an action the instance's host cannot do."""
    live_migration: bool = False
    snapshot: bool = False
    pause: bool = True
    suspend: bool = True
    console_output: bool = True
    set_admin_password: bool = True
    interface_hotplug: bool = False      # plug/unplug on a running instance
    volume_attach: bool = False          # attach/detach on a running instance
    inject_network_info: bool = False    # re-apply the network settings in the guest

    def as_dict(self) -> dict[str, bool]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Interface:
    """One network interface of an instance, as the network service chose it."""
    id: str                      # the port (fixed IP allocation) id
    mac: str                     # fa:16:3e:...
    bridge: str                  # the host bridge the interface is plugged into
    addresses: tuple[str, ...] = ()   # with prefix: 10.0.0.3/24
    gateway: str | None = None
    network_label: str | None = None


@dataclasses.dataclass(frozen=True)
class BlockDevice:
    """One disk of an instance: local (image, blank, swap) or a volume."""
    device_name: str             # vda, vdb, ...
    source: str                  # image | blank | swap | volume
    size_gb: int = 0             # swap: its MB rounded up
    source_id: str | None = None  # the image or volume id
    boot_index: int | None = None

    @property
    def local(self) -> bool:
        return self.source != "volume"


@dataclasses.dataclass(frozen=True)
class InstanceSpec:
    """What a driver needs to run one instance."""
    uuid: str
    name: str                # instance-0000002a
    hostname: str
    vcpus: int
    memory_mb: int
    root_gb: int
    ephemeral_gb: int = 0
    swap_mb: int = 0
    image_id: str | None = None
    image_path: str | None = None   # the image file in the host's image cache
    user_data: str | None = None
    key_data: str | None = None
    admin_password: str | None = None
    interfaces: tuple[Interface, ...] = ()
    block_devices: tuple[BlockDevice, ...] = ()

    @classmethod
    def from_dict(cls, values: dict) -> "InstanceSpec":
        """The spec from dataclasses.asdict() of one (the fake driver's files)."""
        values = dict(values)
        values["interfaces"] = tuple(Interface(**{**i, "addresses": tuple(
            i.get("addresses", ()))}) for i in values.get("interfaces", ()))
        values["block_devices"] = tuple(BlockDevice(**d)
                                        for d in values.get("block_devices", ()))
        return cls(**values)


@dataclasses.dataclass(frozen=True)
class InstanceInfo:
    power_state: int          # a PowerState value
    vcpus: int
    memory_mb: int


@dataclasses.dataclass(frozen=True)
class NodeResources:
    hypervisor_hostname: str
    hypervisor_type: str
    hypervisor_version: int
    vcpus: int
    memory_mb: int
    local_gb: int
    host_ip: str | None = None
    cpu_info: str = "{}"


class Driver(abc.ABC):
    capabilities = Capabilities()
    # whether spawn needs the image's file (InstanceSpec.image_path): the
    # compute host then fetches it into its image cache first
    uses_image_files = False

    def __init__(self, conf, host: str):
        self.conf = conf
        self.host = host

    # --- the host ---
    @abc.abstractmethod
    def node_resources(self) -> list[NodeResources]:
        """The nodes (hypervisors) this host offers, with their capacity."""

    @abc.abstractmethod
    def list_instances(self) -> list[str]:
        """UUIDs of the instances that exist on this host."""

    def host_uptime(self) -> str:
        """The host's uptime as `uptime` prints it (the os-hypervisors view)."""
        with open("/proc/uptime") as handle:
            seconds = int(float(handle.read().split()[0]))
        with open("/proc/loadavg") as handle:
            load = handle.read().split()[:3]
        days, rest = divmod(seconds, 86400)
        hours, minutes = divmod(rest // 60, 60)
        now = time.strftime("%H:%M:%S")
        return (f" {now} up {days} days, {hours:2d}:{minutes:02d},  0 users,  "
                f"load average: {', '.join(load)}")

    def remove_unused_images(self, in_use: set[str]) -> None:
        """Remove what the driver keeps of images (unpacked, converted) that
        no instance here uses and that are not in in_use."""

    # --- an instance's life ---
    @abc.abstractmethod
    def plug_interface(self, uuid: str, interface: Interface) -> None:
        """Connect an interface of the instance to its bridge on this host,
        before spawn (or, with interface_hotplug, while it runs). Plugging one
        that is plugged is no error; on failure nothing of it remains."""

    @abc.abstractmethod
    def unplug_interface(self, uuid: str, interface: Interface) -> None:
        """Disconnect and remove the interface; one that is gone is no error."""

    @abc.abstractmethod
    def attach_block_device(self, uuid: str, device: BlockDevice) -> None:
        """Make a volume available to the instance under device.device_name,
        before spawn (or, with volume_attach, while it runs). Attaching one
        that is attached is no error; on failure nothing of it remains."""

    @abc.abstractmethod
    def detach_block_device(self, uuid: str, device: BlockDevice) -> None:
        """Take the volume away from the instance; one that is gone is no error."""

    @abc.abstractmethod
    def spawn(self, spec: InstanceSpec) -> None:
        """Create and start the instance with its local disks, using the
        interfaces and volumes plugged and attached before. On failure
        nothing that spawn created remains."""

    @abc.abstractmethod
    def destroy(self, uuid: str) -> None:
        """Stop and remove the instance and its local disks; removing one that
        is gone is no error."""

    @abc.abstractmethod
    def reboot(self, uuid: str, hard: bool) -> None:
        """Restart the instance; soft asks the guest, hard resets it."""

    @abc.abstractmethod
    def power_off(self, uuid: str) -> None:
        """Stop the instance, keeping it defined."""

    @abc.abstractmethod
    def power_on(self, uuid: str) -> None:
        """Start a stopped instance."""

    @abc.abstractmethod
    def pause(self, uuid: str) -> None:
        """Freeze the instance in memory."""

    @abc.abstractmethod
    def unpause(self, uuid: str) -> None:
        """Thaw a paused instance."""

    @abc.abstractmethod
    def suspend(self, uuid: str) -> None:
        """Save the instance's state and stop it."""

    @abc.abstractmethod
    def resume(self, uuid: str) -> None:
        """Restore a suspended instance."""

    @abc.abstractmethod
    def get_info(self, uuid: str) -> InstanceInfo:
        """The instance's power state and size; VirtError if it is not here."""

    @abc.abstractmethod
    def get_console_output(self, uuid: str) -> str:
        """What the instance wrote to its console."""

    @abc.abstractmethod
    def get_diagnostics(self, uuid: str) -> dict:
        """The instance's diagnostics in the compute API's 2.48 form: state,
        driver, hypervisor, hypervisor_os, uptime, config_drive, num_cpus,
        num_nics, num_disks, cpu_details, nic_details, disk_details,
        memory_details."""

    @abc.abstractmethod
    def snapshot(self, uuid: str, target_path: str) -> None:
        """Write the instance's root disk as an image file at target_path."""

    @abc.abstractmethod
    def set_admin_password(self, uuid: str, password: str) -> None:
        """Set the password of the guest's administrator."""

    @abc.abstractmethod
    def inject_network_info(self, uuid: str, interfaces: tuple[Interface, ...]) -> None:
        """Apply the instance's network settings (its interfaces as the network
        service has them now) in the guest again. Called only when
        capabilities.inject_network_info; on failure the guest keeps the
        settings it had."""

    # --- moving between hosts ---
    @abc.abstractmethod
    def migrate_out(self, uuid: str, live: bool) -> dict:
        """Prepare to move the instance away; returns what the target needs."""

    @abc.abstractmethod
    def migrate_in(self, spec: InstanceSpec, data: dict, power_on: bool) -> None:
        """Take over an instance prepared by migrate_out on another host."""
