"""createImage: the instance's root disk into a new image of the image service."""
from __future__ import annotations

import os
import tempfile

from oslo_log import log as logging

from onestack.common import exceptions
from onestack.common.context import RequestContext
from onestack.compute.ops import common
from onestack.db import instances
from onestack.image import api as image_api
from onestack.image import http_client, transfer

LOG = logging.getLogger(__name__)


def snapshot_instance(host, ctx: RequestContext, instance_uuid: str, image_id: str):
    try:
        _upload_snapshot(host, ctx, instance_uuid, image_id)
    finally:
        instances.update(instance_uuid, task_state=None)


def backup_instance(host, ctx: RequestContext, instance_uuid: str, image_id: str,
                    backup_type: str, rotation: int):
    """A snapshot kept as the newest of `rotation` backups of its type."""
    try:
        if _upload_snapshot(host, ctx, instance_uuid, image_id):
            rotate_backups(host.conf, ctx, instance_uuid, backup_type, rotation)
    finally:
        instances.update(instance_uuid, task_state=None)


def rotate_backups(conf, ctx: RequestContext, instance_uuid: str, backup_type: str,
                   rotation: int) -> None:
    """Delete the oldest backups of this type beyond the newest `rotation`."""
    filters = {"instance_uuid": instance_uuid, "backup_type": backup_type,
               "image_type": "backup"}
    backups, marker = [], None
    while True:
        page = image_api.list_images(conf, ctx, filters, sort="created_at:desc",
                                     marker=marker)
        backups += page
        if not page:
            break
        marker = page[-1]["id"]
    for image in backups[rotation:]:
        LOG.info("Rotating out backup %s of %s", image["id"], instance_uuid)
        try:
            image_api.delete_image(conf, ctx, image["id"])
        except exceptions.NotFound:
            pass


def _upload_snapshot(host, ctx: RequestContext, instance_uuid: str,
                     image_id: str) -> bool:
    """The root disk into the image; False, with a fault recorded and the
    image removed, when that fails."""
    directory = os.path.join(host.conf.state_path, "snapshots")
    os.makedirs(directory, exist_ok=True)
    fd, path = tempfile.mkstemp(prefix=f"{instance_uuid}-", dir=directory)
    os.close(fd)
    try:
        with common.event(ctx, instance_uuid, "compute_snapshot_instance", host.host):
            host.driver.snapshot(instance_uuid, path)
            http_client.upload(host.conf, ctx, image_id, path)
        return True
    except (exceptions.NotFound, transfer.Gone):
        LOG.info("The image %s of the snapshot of %s was deleted meanwhile",
                 image_id, instance_uuid)
    except Exception as error:
        LOG.warning("Snapshot of %s failed: %s", instance_uuid, error)
        common.record_fault(instance_uuid, error, host.host)
        try:
            image_api.delete_image(host.conf, ctx, image_id)
        except exceptions.NotFound:
            pass
        except Exception:
            LOG.exception("Removing the image of a failed snapshot failed")
    finally:
        os.unlink(path)
    return False
