"""The compute API's logic: checks, quota, records, then a cast. Boot lives
here; the server actions, delete among them, in compute/actions.py."""
from __future__ import annotations

import json
import re
import secrets
import string

from oslo_log import log as logging

from onestack import policy
from onestack.common import exceptions
from onestack.compute import disk_config, states
from onestack.db import instance_actions, instances, quotas, user_quotas
from onestack.image import api as image_api
from onestack.network import api as network_api
from onestack.network import security_groups as security_group_api
from onestack.scheduler import rpcapi as scheduler_rpcapi

LOG = logging.getLogger(__name__)

_HOSTNAME_JUNK = re.compile(r"[^a-z0-9-]+")


def generate_password(conf) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(conf.password_length))


def hostname_from(name: str) -> str:
    hostname = _HOSTNAME_JUNK.sub("-", name.lower()).strip("-.")[:63]
    return hostname or "server"


def parse_availability_zone(conf, ctx, value: str | None):
    """`zone`, `zone:host`, `zone::node` or `zone:host:node` -> (zone, host, node);
    forcing a host or node is for the admin only."""
    if not value:
        return None, None, None
    zone, _, rest = value.partition(":")
    host, _, node = rest.partition(":")
    if host or node:
        policy.authorize(conf, ctx, "os_compute_api:servers:create:forced_host",
                         {"project_id": ctx.project_id})
    return zone or None, host or None, node or None


def _check_image_fits(image: dict, flavor: dict) -> None:
    if image["status"] != "active":
        raise exceptions.BadRequest(f"Image {image['id']} is not active.")
    if flavor["memory_mb"] < (image.get("min_ram") or 0):
        raise exceptions.BadRequest("Flavor's memory is too small for requested image.")
    if flavor["root_gb"] and flavor["root_gb"] < (image.get("min_disk") or 0):
        raise exceptions.BadRequest("Flavor's disk is too small for requested image.")
    size_gb = (image.get("size") or 0) / 1024 ** 3
    if flavor["root_gb"] and size_gb > flavor["root_gb"]:
        raise exceptions.BadRequest("Flavor's disk is too small for requested image.")


def _count_that_fits(conf, ctx, flavor: dict, min_count: int, max_count: int) -> int:
    """As many instances as the project's and the user's quotas allow, from
    max_count down to min_count; consuming() checks again, exactly, under lock."""
    per_instance = instances.quota_deltas(flavor["vcpus"], flavor["memory_mb"])
    scopes = [(quotas.limits(conf, ctx.project_id), quotas.usages(ctx.project_id))]
    user_limits = user_quotas.overrides(ctx.project_id, ctx.user_id)
    if user_limits:
        scopes.append((user_limits, user_quotas.usages(ctx.project_id, ctx.user_id)))
    allowed = max_count
    for limits, used in scopes:
        for resource, amount in per_instance.items():
            limit = limits.get(resource, -1)
            if limit < 0 or not amount:
                continue
            allowed = min(allowed, (limit - used.get(resource, 0)) // amount)
            if allowed < min_count:
                quotas.check(resource, used.get(resource, 0), amount * min_count, limit)
    return allowed


def create(conf, ctx, request: dict) -> tuple[list, str, str]:
    """Boot servers. request: name, flavor (a dict from the flavor lookup),
    image_ref, key_pair (dict or None), user_data, metadata, availability_zone,
    min_count, max_count, admin_password, security_groups, networks,
    block_device_mapping, config_drive, description, group (dict or None),
    tags, access_ip_v4, access_ip_v6, hostname, auto_disk_config (None: the
    image's).
    Returns (instances, reservation_id, admin_password)."""
    flavor = request["flavor"]
    image = _image_for_boot(conf, ctx, request, flavor)
    auto_disk_config = disk_config.for_boot(image, request.get("auto_disk_config"))
    metadata = request.get("metadata") or {}
    limits = quotas.limits(conf, ctx.project_id)
    quotas.check("metadata_items", 0, len(metadata), limits["metadata_items"])
    zone, force_host, force_node = parse_availability_zone(
        conf, ctx, request.get("availability_zone"))
    count = _count_that_fits(conf, ctx, flavor, request["min_count"],
                             request["max_count"])
    groups = security_group_api.for_boot(ctx, request.get("security_groups"))
    request_spec = {
        "project_id": ctx.project_id, "user_id": ctx.user_id, "flavor": flavor,
        "image": {k: image.get(k) for k in ("id", "name", "min_disk", "min_ram",
                                            "disk_format", "size")} if image else None,
        "availability_zone": zone, "force_host": force_host, "force_node": force_node,
        "group": request.get("group"), "num_instances": count,
        "networks": network_api.requested_networks(conf, ctx,
                                                 request.get("networks")),
        "security_groups": request.get("security_groups") or ["default"],
        "block_device_mapping": request.get("block_device_mapping") or [],
    }
    reservation_id = "r-" + secrets.token_hex(4)
    rows = [{**_instance_row(ctx, request, image, zone, reservation_id, index, count,
                             request_spec), "auto_disk_config": auto_disk_config}
            for index in range(count)]
    created = instances.create_many(conf, ctx.project_id, rows, metadata,
                                    request.get("tags") or [])
    security_group_api.bind_at_boot([row.uuid for row in created], groups)
    for row in created:
        instance_actions.start(ctx, row.uuid, "create")
    password = request.get("admin_password") or generate_password(conf)
    try:
        scheduler_rpcapi.schedule_and_build(
            ctx, [row.uuid for row in created], request_spec,
            {row.uuid: password for row in created})
    except Exception as error:
        LOG.exception("Could not ask the scheduler to place %s",
                      [row.uuid for row in created])
        created = [_unscheduled(row, error) for row in created]
    return created, reservation_id, password


def _unscheduled(instance, error: Exception):
    """An instance the scheduler never heard of: ERROR with a fault saying
    why, and its quota given back."""
    try:
        instance = instances.update(
            instance.uuid, expected_task_state=states.TaskState.SCHEDULING,
            vm_state=states.VmState.ERROR, task_state=None)
    except (exceptions.NotFound, exceptions.Conflict):
        return instance  # deleted meanwhile, or the scheduler got it after all
    instances.add_fault(instance.uuid, 500, "The scheduler could not be reached: "
                        f"{type(error).__name__}: {error}")
    instances.release_quota(instance.uuid)
    return instance


def _image_for_boot(conf, ctx, request: dict, flavor: dict) -> dict | None:
    """The image to boot from, checked against the flavor; None when booting
    from a block device mapping alone."""
    image = None
    if request.get("image_ref"):
        try:
            image = image_api.get_image(conf, ctx, request["image_ref"])
        except exceptions.NotFound:
            raise exceptions.BadRequest(f"Image {request['image_ref']} could not be "
                                        "found.")
    if image is None and not request.get("block_device_mapping"):
        raise exceptions.BadRequest("Missing imageRef attribute")
    if image is not None:
        _check_image_fits(image, flavor)
    return image


def _instance_row(ctx, request: dict, image: dict | None, zone: str | None,
                  reservation_id: str, index: int, count: int,
                  request_spec: dict) -> dict:
    """The database values of the index-th instance of a boot of count."""
    flavor, key_pair = request["flavor"], request.get("key_pair")
    name = request["name"] if count == 1 else f"{request['name']}-{index + 1}"
    return {
        "display_name": name, "display_description": request.get("description"),
        "hostname": request.get("hostname") or hostname_from(name),
        "project_id": ctx.project_id, "user_id": ctx.user_id,
        "image_ref": image["id"] if image else "",
        "flavor": json.dumps(flavor), "memory_mb": flavor["memory_mb"],
        "vcpus": flavor["vcpus"], "root_gb": flavor["root_gb"],
        "ephemeral_gb": flavor.get("ephemeral_gb") or 0,
        "vm_state": states.VmState.BUILDING.value,
        "task_state": states.TaskState.SCHEDULING.value, "power_state": 0,
        "availability_zone": zone, "key_name": key_pair["name"] if key_pair else None,
        "key_data": key_pair["public_key"] if key_pair else None,
        "user_data": request.get("user_data"),
        "config_drive": bool(request.get("config_drive")),
        "reservation_id": reservation_id, "launch_index": index,
        "access_ip_v4": request.get("access_ip_v4"),
        "access_ip_v6": request.get("access_ip_v6"),
        "request_spec": json.dumps(request_spec)}


def get(ctx, instance_uuid: str):
    return instances.get(instance_uuid, ctx)


def check_lock(conf, ctx, instance) -> None:
    """A locked server refuses every action but the admin's."""
    if instance.locked and not ctx.is_admin:
        raise exceptions.Conflict(f"Instance {instance.uuid} is locked")
