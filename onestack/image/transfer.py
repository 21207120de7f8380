"""Image data in and out: streamed, counted, hashed and limited on the way.

An upload moves the image queued -> saving -> active. Whatever stops it (the
size cap, the project's quota, a cut connection, a full disk) removes the
partial data and puts the image back to queued. A saving image whose upload
process died is taken over by the next upload once STALE_UPLOAD has passed
without a heartbeat.

    upload_image(conf, ctx, image_id, stream, body_length=None, announced_size=None)
    open_download(conf, ctx, image_id, byte_range=None) -> Download | None
    download_image(conf, ctx, image_id) -> (dict, iterable of bytes)
"""
from __future__ import annotations

import dataclasses
import datetime
import errno
from typing import Iterable

from oslo_log import log as logging

from onestack.common import exceptions
from onestack.db import images as db
from onestack.db.models import utcnow
from onestack.image import access, store, views
from onestack.image.incoming import IncomingData, parse_size

LOG = logging.getLogger(__name__)
STALE_UPLOAD = datetime.timedelta(seconds=300)


class Gone(exceptions.OnestackError):
    code = 410
    title = "Gone"


class RangeNotSatisfiable(exceptions.OnestackError):
    code = 416
    title = "Requested Range Not Satisfiable"


def _may_start_upload(image: db.ImageRecord) -> None:
    if image.status == "queued":
        return
    if image.status == "saving" and image.updated_at < utcnow() - STALE_UPLOAD:
        LOG.warning("Taking over the upload of image %s, abandoned since %s",
                    image.id, image.updated_at)
        return
    raise exceptions.Conflict(f"Image status transition from {image.status} to "
                              "saving is not allowed")


def _require_saving(image: db.ImageRecord) -> None:
    if image.status != "saving":
        raise exceptions.Conflict(f"Image {image.id} is no longer saving.")


def _back_to_queued(image_id: str) -> None:
    try:
        db.update(image_id, {"status": "queued", "size": None, "virtual_size": None},
                  guard=_require_saving)
    except (exceptions.NotFound, exceptions.Conflict):
        pass


def _heartbeat(image_id: str):
    return lambda: db.update(image_id, guard=_require_saving)


def _check_startable(image: db.ImageRecord) -> None:
    missing = [name for name in ("disk_format", "container_format")
               if not getattr(image, name)]
    if missing:
        noun = "Property" if len(missing) == 1 else "Properties"
        raise exceptions.BadRequest(f"{noun} {', '.join(missing)} must be set prior "
                                    "to saving data.")


def _limits(conf, owner: str | None) -> tuple[int, int | None, int]:
    """(size cap, bytes left in the owner's quota or None, quota)."""
    quota = parse_size(conf.image.user_storage_quota)
    left = max(quota - db.usage(owner), 0) if quota else None
    return conf.image.image_size_cap, left, quota


def _store_failure(image_id: str, error: Exception) -> exceptions.OnestackError:
    if isinstance(error, exceptions.OnestackError):
        return error
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return exceptions.RequestTooLarge(f"Image storage media is full: {error}")
    LOG.error("Storing the data of image %s failed: %r", image_id, error)
    return exceptions.ServiceUnavailable(f"The image store failed: {error}")


def upload_image(conf, ctx, image_id: str, stream, body_length: int | None = None,
                 announced_size: int | None = None) -> dict:
    """Store the data read from stream (a file-like object) as image_id's.
    body_length: bytes the stream must deliver (else the upload was cut);
    announced_size: the size the client says the image has (checked early)."""
    image = access.visible_image(conf, ctx, image_id)
    access.authorize(conf, ctx, "upload_image", image)
    _check_startable(image)
    cap, quota_left, quota = _limits(conf, image.owner)
    incoming = IncomingData(stream, cap, quota_left, body_length, _heartbeat(image_id))
    incoming.check_announced_size(announced_size)
    db.update(image_id, {"status": "saving"}, guard=_may_start_upload)
    target = store.default_store(conf)
    target.cleanup_partial(image_id)
    try:
        location = target.add(image_id, incoming)
    except Exception as error:
        _back_to_queued(image_id)
        if _deleted(image_id):
            raise _gone(image_id) from error
        raise _store_failure(image_id, error) from error
    try:
        record = db.finish_upload(image_id, incoming.values(location, image.disk_format),
                                  quota)
    except exceptions.NotFound as error:
        target.delete(location)
        raise _gone(image_id) from error
    except exceptions.RequestTooLarge as error:
        target.delete(location)
        _back_to_queued(image_id)
        raise exceptions.RequestTooLarge(
            "Denying attempt to upload image because it exceeds the quota: "
            + error.message) from error
    except exceptions.Conflict:
        raise  # another upload took this one over: the data is the winner's
    except Exception:
        target.delete(location)
        _back_to_queued(image_id)
        raise
    return views.image(record)


def _deleted(image_id: str) -> bool:
    try:
        db.get(image_id)
    except exceptions.NotFound:
        return True
    return False


def _gone(image_id: str) -> Gone:
    return Gone(f"Image {image_id} could not be found after upload. The image may "
                "have been deleted during the upload.")


@dataclasses.dataclass
class Download:
    image: db.ImageRecord
    chunks: Iterable[bytes]    # a file-like window when the store has one
    start: int
    end: int                   # last byte, inclusive
    total: int                 # size of the whole image
    checksum: str | None
    partial: bool

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def parse_range(header: str | None, total: int) -> tuple[int, int] | None:
    """(first, last) byte of a single `bytes=` range, None for no header."""
    if not header:
        return None
    unit, _, spec = header.strip().partition("=")
    first, dash, last = spec.strip().partition("-")
    try:
        if unit.strip().lower() != "bytes" or not dash or "," in spec:
            raise ValueError(header)
        if first.strip():
            start = int(first)
            end = min(int(last), total - 1) if last.strip() else total - 1
        else:
            start, end = max(total - int(last), 0), total - 1
        if start < 0 or start > end or start >= total:
            raise ValueError(header)
    except ValueError:
        raise RangeNotSatisfiable(f"Requested range {header} not satisfiable: the "
                                  f"image has {total} bytes.",
                                  headers={"Content-Range": f"bytes */{total}"})
    return start, end


def open_download(conf, ctx, image_id: str, byte_range: str | None = None
                  ) -> Download | None:
    """The image's data (or the Range asked for); None when it has no data."""
    image = access.visible_image(conf, ctx, image_id)
    if image.status == "deactivated" and not ctx.is_admin:
        raise exceptions.Forbidden("The requested image has been deactivated. Image "
                                   "data download is forbidden.")
    access.authorize(conf, ctx, "download_image", image)
    if not image.location or image.status not in ("active", "deactivated"):
        return None
    total = image.size or 0
    wanted = parse_range(byte_range, total)
    start, end = wanted if wanted else (0, total - 1)
    try:
        chunks = store.store_for(conf, image.location).get(
            image.location, start, end - start + 1)
    except store.DataNotFound:
        LOG.warning("Image %s is %s but its data is missing at %s", image_id,
                    image.status, image.location)
        return None
    return Download(image=image, chunks=chunks, start=start, end=end, total=total,
                    checksum=image.checksum, partial=wanted is not None)


def download_image(conf, ctx, image_id: str) -> tuple[dict, Iterable[bytes]]:
    """(image, its data in chunks) for in-process readers such as the compute
    host's image cache; NotFound when there is no data."""
    download = open_download(conf, ctx, image_id)
    if download is None:
        raise exceptions.NotFound(f"Image {image_id} has no data.")
    return views.image(download.image), download.chunks
