"""What the metadata service tells an instance about itself, read from the
database in one go: who asks (by fixed IP or by id), and the facts of that
instance. api/metadata/tree.py turns the facts into the EC2 and OpenStack
views; this module only looks things up.

An instance that is deleted, or being deleted, has no facts: NotFound.
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
import ipaddress
import json

from onestack.common import exceptions
from onestack.compute import availability_zones, states
from onestack.db import ec2_ids, floating_ips, images, instances, networks
from onestack.db import security_groups

GONE_VM_STATES = {states.VmState.DELETED.value, states.VmState.SOFT_DELETED.value}
GONE_TASK_STATES = {states.TaskState.DELETING.value, states.TaskState.SOFT_DELETING.value}


@dataclasses.dataclass(frozen=True)
class Interface:
    port_id: str
    mac: str | None
    address: str
    floating: tuple[str, ...]
    network_id: str
    network_label: str
    cidr: str
    gateway: str | None
    dns: tuple[str, ...]
    mtu: int | None
    dhcp: bool


@dataclasses.dataclass(frozen=True)
class Facts:
    uuid: str
    number: int                    # the row id: the EC2 id is i-%08x of it
    name: str
    hostname: str
    project_id: str
    user_id: str
    availability_zone: str
    launch_index: int
    reservation_id: str
    flavor_name: str
    ephemeral_gb: int
    swap_mb: int
    image_number: int | None       # ami-%08x
    kernel_number: int | None      # aki-%08x
    ramdisk_number: int | None     # ari-%08x
    key_name: str | None
    key_data: str | None
    user_data: bytes | None
    metadata: dict[str, str]
    security_groups: tuple[str, ...]
    interfaces: tuple[Interface, ...]

    @property
    def addresses(self) -> set[str]:
        return {interface.address for interface in self.interfaces}


def uuid_at(address: str) -> str:
    """The instance holding fixed IP `address`; NotFound for anything else
    (no such address, not an address, or held twice)."""
    try:
        address = str(ipaddress.ip_address(address))
    except ValueError:
        raise exceptions.NotFound("No instance has this address.") from None
    holders = networks.instances_at(address)
    if len(holders) != 1:
        raise exceptions.NotFound("No instance has this address.")
    return holders[0]


def of_instance(conf, instance_uuid: str) -> Facts:
    instance = instances.get(instance_uuid)
    if instance.vm_state in GONE_VM_STATES or instance.task_state in GONE_TASK_STATES:
        raise exceptions.NotFound(f"Instance {instance_uuid} could not be found.")
    flavor = json.loads(instance.flavor)
    image = _image(instance.image_ref)
    return Facts(
        uuid=instance.uuid, number=instance.id, name=instance.display_name,
        hostname=instance.hostname or "", project_id=instance.project_id,
        user_id=instance.user_id,
        availability_zone=instance.availability_zone or (
            availability_zones.zone_of_host(conf, instance.host) if instance.host
            else conf.default_availability_zone),
        launch_index=instance.launch_index, reservation_id=instance.reservation_id,
        flavor_name=flavor.get("name", ""), ephemeral_gb=instance.ephemeral_gb or 0,
        swap_mb=int(flavor.get("swap") or 0),
        image_number=ec2_ids.image_number(image.id) if image else None,
        kernel_number=_linked_number(image, "kernel_id"),
        ramdisk_number=_linked_number(image, "ramdisk_id"),
        key_name=instance.key_name, key_data=instance.key_data,
        user_data=_decoded(instance.user_data),
        metadata=instances.metadata_for([instance.uuid])[instance.uuid],
        security_groups=tuple(group.name for group in security_groups.groups_of(
            [instance.uuid]).get(instance.uuid, ())),
        interfaces=_interfaces(instance.uuid))


def _image(image_ref: str | None):
    if not image_ref:
        return None
    try:
        return images.get(image_ref)
    except exceptions.NotFound:
        return None  # deleted since the boot: the id stays the instance's


def _linked_number(image, prop: str) -> int | None:
    linked = image.properties.get(prop) if image else None
    return ec2_ids.image_number(linked) if linked else None


def _decoded(user_data: str | None) -> bytes | None:
    if user_data is None:
        return None
    try:
        return base64.b64decode(user_data, validate=True)
    except (binascii.Error, ValueError):  # the API stores only valid base64
        return None


def _interfaces(instance_uuid: str) -> tuple[Interface, ...]:
    rows = networks.of_instances([instance_uuid])
    if not rows:
        return ()
    by_id = {network_id: networks.get_by_id(network_id)
             for network_id in {row.network_id for row in rows}}
    floating = floating_ips.by_fixed_ip([row.id for row in rows])
    result = []
    for row in rows:
        network = by_id[row.network_id]
        result.append(Interface(
            port_id=row.uuid, mac=row.mac_address, address=row.address,
            floating=tuple(floating.get(row.id, ())), network_id=network.uuid,
            network_label=network.label, cidr=network.cidr, gateway=network.gateway,
            dns=tuple(server for server in (network.dns1, network.dns2) if server),
            mtu=network.mtu, dhcp=bool(network.enable_dhcp)))
    return tuple(result)
