"""What the operations share: action events, faults, driver specs, claims."""
from __future__ import annotations

import contextlib
import json

from oslo_log import log as logging

from onestack.common import exceptions
from onestack.db import compute_nodes, instance_actions, instances
from onestack.virt import driver as virt_driver

LOG = logging.getLogger(__name__)


@contextlib.contextmanager
def event(ctx, instance_uuid: str, name: str, host: str):
    """Record an event on the action of ctx's request; a failure is kept in it."""
    try:
        action, _ = instance_actions.get_by_request_id(instance_uuid, ctx.request_id)
        event_id = instance_actions.event_start(action.id, name, host)
    except exceptions.NotFound:
        action = event_id = None
    try:
        yield
    except BaseException as error:
        if event_id is not None:
            instance_actions.event_finish(event_id, error)
            instance_actions.finish(action.id, "Error")
        raise
    if event_id is not None:
        instance_actions.event_finish(event_id)
        instance_actions.finish(action.id)


def record_fault(instance_uuid: str, error: BaseException, host: str) -> None:
    code = getattr(error, "code", 500)
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    instances.add_fault(instance_uuid, code, message, details=repr(error), host=host)


def flavor_of(instance) -> dict:
    return json.loads(instance.flavor)


def spec_for(instance, admin_password: str | None = None,
             image_path: str | None = None) -> virt_driver.InstanceSpec:
    flavor = flavor_of(instance)
    swap_mb = int(flavor.get("swap") or 0)
    return virt_driver.InstanceSpec(
        uuid=instance.uuid, name=instances.instance_name(instance),
        hostname=instance.hostname or "server", vcpus=instance.vcpus,
        memory_mb=instance.memory_mb, root_gb=instance.root_gb,
        ephemeral_gb=instance.ephemeral_gb, swap_mb=swap_mb,
        image_id=instance.image_ref or None, image_path=image_path,
        user_data=instance.user_data, key_data=instance.key_data,
        admin_password=admin_password,
        block_devices=local_disks(instance.image_ref, instance.root_gb,
                                  instance.ephemeral_gb, swap_mb))


def local_disks(image_ref: str | None, root_gb: int, ephemeral_gb: int,
                swap_mb: int) -> tuple[virt_driver.BlockDevice, ...]:
    """The flavor's disks in Nova's order: root (vda), ephemeral, then swap."""
    disks = []
    if image_ref:
        disks.append(virt_driver.BlockDevice("vda", "image", root_gb, image_ref, 0))
    if ephemeral_gb:
        disks.append(virt_driver.BlockDevice(f"vd{chr(ord('a') + len(disks))}",
                                             "blank", ephemeral_gb))
    if swap_mb:
        disks.append(virt_driver.BlockDevice(f"vd{chr(ord('a') + len(disks))}",
                                             "swap", -(-swap_mb // 1024)))
    return tuple(disks)


def host_node_ids(host) -> list[int]:
    """The compute nodes of this host, as the allocations name them."""
    return [node.id for node in compute_nodes.list_(host.host)]
