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
from onestack.image import transfer

LOG = logging.getLogger(__name__)


def snapshot_instance(host, ctx: RequestContext, instance_uuid: str, image_id: str):
    directory = os.path.join(host.conf.state_path, "snapshots")
    os.makedirs(directory, exist_ok=True)
    fd, path = tempfile.mkstemp(prefix=f"{instance_uuid}-", dir=directory)
    os.close(fd)
    try:
        with common.event(ctx, instance_uuid, "compute_snapshot_instance", host.host):
            host.driver.snapshot(instance_uuid, path)
            with open(path, "rb") as data:
                transfer.upload_image(host.conf, ctx, image_id, data,
                                      body_length=os.path.getsize(path))
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
        instances.update(instance_uuid, task_state=None)
