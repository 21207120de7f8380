"""The compute host's image cache: each image's data fetched once per host
(checksum verified) into state_path/image_cache/IMAGE_ID and reused; entries
no instance on the host has used for image_cache_max_age are removed."""
from __future__ import annotations

import dataclasses
import os
import re
import threading
import time

from oslo_log import log as logging

from onestack.common import exceptions
from onestack.image import api as image_api
from onestack.image import http_client

LOG = logging.getLogger(__name__)
_IMAGE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def directory(conf) -> str:
    return os.path.join(os.path.abspath(conf.state_path), "image_cache")


def fetch(conf, ctx, image_id: str) -> str:
    """The path of the image's data in the cache, fetched if missing."""
    if not _IMAGE_ID.match(image_id or ""):
        raise exceptions.BadRequest(f"Invalid image id: {image_id!r}")
    path = os.path.join(directory(conf), image_id)
    with _locks_lock:
        lock = _locks.setdefault(path, threading.Lock())
    with lock:
        if not os.path.exists(path):
            image = image_api.get_image(conf, ctx, image_id)
            if image["status"] != "active":
                raise exceptions.OnestackError(
                    f"Image {image_id} is {image['status']}, not active.")
            os.makedirs(directory(conf), mode=0o700, exist_ok=True)
            partial = f"{path}.part"
            http_client.download(conf, ctx, image, partial)
            os.replace(partial, path)
            LOG.info("Image %s is in the image cache", image_id)
        os.utime(path)  # last used
    return path


def with_image(host, ctx, spec):
    """spec with image_path set when the host's driver boots from image files."""
    if not getattr(host.driver, "uses_image_files", False) or not spec.image_id:
        return spec
    return dataclasses.replace(spec, image_path=fetch(host.conf, ctx, spec.image_id))


def clean(conf, in_use: set[str], max_age: float) -> list[str]:
    """Remove the entries not in in_use and unused for max_age seconds."""
    removed = []
    try:
        names = os.listdir(directory(conf))
    except FileNotFoundError:
        return removed
    now = time.time()
    for name in names:
        path = os.path.join(directory(conf), name)
        if name in in_use or name.endswith(".part"):
            continue
        try:
            if now - os.path.getmtime(path) > max_age:
                os.unlink(path)
                removed.append(name)
        except FileNotFoundError:
            pass
    return removed
