"""Server actions that move or copy an instance: resize, migrate, live
migration, evacuate, createImage and createBackup. The scheduler claims the
target first."""
from __future__ import annotations

import json
import uuid as uuid_module

from onestack.common import exceptions
from onestack.compute import actions, api as compute_api, disk_config
from onestack.compute import rpcapi as compute_rpcapi
from onestack.db import allocations, instances, migrations_log, quotas, services
from onestack.image import api as image_api
from onestack.scheduler import rpcapi as scheduler_rpcapi


def _spec(instance, flavor: dict) -> dict:
    spec = json.loads(instance.request_spec or "{}")
    spec.update(flavor=flavor, project_id=instance.project_id,
                availability_zone=instance.availability_zone, force_host=None,
                force_node=None, num_instances=1)
    return spec


def _claim_destination(ctx, instance, flavor, exclude, host=None) -> tuple[dict, str]:
    """Have the scheduler choose and claim a target for the instance, and
    record it on the instance; its source allocation goes to the migration
    (whose uuid is returned) for the time of the move, as in Nova. If no
    host fits, all is as before and the instance leaves its task state."""
    migration_uuid = str(uuid_module.uuid4())
    allocations.move(instance.uuid, migration_uuid)
    try:
        target = scheduler_rpcapi.select_destination(
            ctx, _spec(instance, flavor), instance.uuid, exclude_hosts=exclude,
            force_host=host)
    except Exception:
        allocations.move(migration_uuid, instance.uuid)
        instances.update(instance.uuid, task_state=None, new_flavor=None)
        raise
    instances.update(instance.uuid, migration_host=target["host"])
    return target, migration_uuid


def resize(conf, ctx, instance, new_flavor: dict,
           auto_disk_config: bool | None = None) -> None:
    """auto_disk_config: None keeps the instance's."""
    old = json.loads(instance.flavor)
    if new_flavor["flavorid"] == old["flavorid"]:
        raise exceptions.BadRequest("When resizing, instances must change flavor!")
    values = {"new_flavor": json.dumps(new_flavor)}
    if auto_disk_config is not None:
        disk_config.check(_image_of(conf, ctx, instance), auto_disk_config)
        values["auto_disk_config"] = auto_disk_config
    growth = {"cores": max(new_flavor["vcpus"] - old["vcpus"], 0),
              "ram": max(new_flavor["memory_mb"] - old["memory_mb"], 0)}
    if any(growth.values()):
        with quotas.consuming(conf, instance.project_id, growth,
                              user_id=instance.user_id):
            pass
    try:
        _move(conf, ctx, instance, "resize", new_flavor, live=False, **values)
    except Exception:
        if any(growth.values()):
            with quotas.releasing(instance.project_id, growth):
                pass
        raise


def _image_of(conf, ctx, instance) -> dict | None:
    """The image the instance was built from, if it is still there to see."""
    if not instance.image_ref:
        return None
    try:
        return image_api.get_image(conf, ctx, instance.image_ref)
    except exceptions.NotFound:
        return None


def migrate(conf, ctx, instance, host: str | None = None) -> None:
    _move(conf, ctx, instance, "migrate", json.loads(instance.flavor), live=False,
          host=host)


def live_migrate(conf, ctx, instance, host: str | None = None) -> None:
    _move(conf, ctx, instance, "live_migrate", json.loads(instance.flavor), live=True,
          host=host)


def _move(conf, ctx, instance, action, flavor, live, host=None, **values):
    if not instance.host:
        raise exceptions.Conflict(f"Instance {instance.uuid} has no host.")
    names = {"resize": "resize", "migrate": "migrate", "live_migrate": "live-migration"}
    actions.begin(conf, ctx, instance, action, names[action], **values)
    exclude = [] if conf.allow_resize_to_same_host and not live else [instance.host]
    target, migration_uuid = _claim_destination(ctx, instance, flavor, exclude, host)
    migration_type = {"resize": "resize", "migrate": "migration",
                      "live_migrate": "live-migration"}[action]
    migrations_log.create(ctx, instance, migration_type,
                          "accepted" if live else "pre-migrating", target["host"],
                          target["hypervisor_hostname"], json.loads(instance.flavor),
                          flavor, uuid=migration_uuid)
    compute_rpcapi.migrate_instance(ctx, instance.host, instance.uuid, target["host"],
                                    target["node_id"], live)


def confirm_resize(conf, ctx, instance) -> None:
    actions.begin(conf, ctx, instance, "confirm_resize", "confirmResize")
    migrations_log.set_status(instance.uuid, "confirming")
    compute_rpcapi.confirm_resize(ctx, instance.host, instance.uuid)


def revert_resize(conf, ctx, instance) -> None:
    actions.begin(conf, ctx, instance, "revert_resize", "revertResize")
    migrations_log.set_status(instance.uuid, "reverting")
    compute_rpcapi.revert_resize(ctx, instance.host, instance.uuid)


def evacuate(conf, ctx, instance, host: str | None, admin_password: str | None) -> str:
    """Rebuild a server of a failed host on another one."""
    if not instance.host:
        raise exceptions.Conflict(f"Instance {instance.uuid} has no host.")
    source = services.get_by_host_binary(instance.host, "onestack-compute")
    if services.is_up(source, conf.service_down_time):
        raise exceptions.BadRequest(
            f"Compute service of {instance.host} is still in use.")
    password = admin_password or compute_api.generate_password(conf)
    actions.begin(conf, ctx, instance, "evacuate", "evacuate")
    flavor = json.loads(instance.flavor)
    target, migration_uuid = _claim_destination(ctx, instance, flavor,
                                                [instance.host], host)
    migrations_log.create(ctx, instance, "evacuation", "accepted", target["host"],
                          target["hypervisor_hostname"], flavor, flavor,
                          uuid=migration_uuid)
    compute_rpcapi.rebuild_instance(ctx, target["host"], instance.uuid,
                                    instance.image_ref, password, evacuate=True,
                                    node_id=target["node_id"])
    return password


def create_image(conf, ctx, instance, name: str, metadata: dict) -> str:
    """Snapshot the server into a new private image of its project; returns its id."""
    image = _queue_snapshot_image(conf, ctx, instance, "snapshot", name, metadata)
    actions.begin(conf, ctx, instance, "snapshot", "createImage")
    compute_rpcapi.snapshot_instance(ctx, instance.host, instance.uuid, image["id"])
    return image["id"]


def create_backup(conf, ctx, instance, name: str, backup_type: str, rotation: int,
                  metadata: dict) -> str:
    """A snapshot of image_type backup; once it is uploaded, only the newest
    `rotation` backups of this server and backup_type are kept."""
    # rotation finds the backups by image_type: metadata does not rename it
    metadata = {k: v for k, v in metadata.items() if k != "image_type"}
    image = _queue_snapshot_image(conf, ctx, instance, "backup", name,
                                  {**metadata, "backup_type": backup_type})
    actions.begin(conf, ctx, instance, "backup", "createBackup")
    compute_rpcapi.backup_instance(ctx, instance.host, instance.uuid, image["id"],
                                   backup_type, rotation)
    return image["id"]


def _queue_snapshot_image(conf, ctx, instance, image_type: str, name: str,
                          metadata: dict) -> dict:
    actions.allowed(instance, image_type)
    if not instance.host:
        raise exceptions.Conflict(f"Instance {instance.uuid} has no host.")
    body = {"name": name, "disk_format": "raw", "container_format": "bare",
            "visibility": "private", "instance_uuid": instance.uuid,
            "image_type": image_type, "user_id": ctx.user_id}
    if instance.image_ref:
        body["base_image_ref"] = instance.image_ref
    # as Nova: the base image's minimum RAM, and its minimum disk or the
    # flavor's root disk, whichever is larger
    base = _image_of(conf, ctx, instance) or {}
    body["min_ram"] = base.get("min_ram") or 0
    body["min_disk"] = max(base.get("min_disk") or 0, instance.root_gb or 0)
    body.update({k: v for k, v in metadata.items()
                 if k not in ("name", "visibility", "disk_format", "container_format",
                              "instance_uuid")})
    return image_api.create_image(conf, ctx, body)
