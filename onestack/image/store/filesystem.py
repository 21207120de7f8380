"""The filesystem store: one file per image under [image] filesystem_store_datadir.

Data is written to `<id>.<random>.partial` beside its final name, flushed to
disk and then renamed, so a file named after an image is always complete: a
crash leaves at most a .partial file, never a short image.
"""
from __future__ import annotations

import glob
import os
import re
import tempfile
from typing import Iterable, Iterator
from urllib import parse

from oslo_log import log as logging

from onestack.image.store.base import Capabilities, DataNotFound, Store

LOG = logging.getLogger(__name__)
CHUNK_SIZE = 1 << 20
_IMAGE_ID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                       r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class FilesystemStore(Store):
    scheme = "file"
    capabilities = Capabilities(writable=True, ranged_reads=True)

    @property
    def datadir(self) -> str:
        return os.path.abspath(self.conf.image.filesystem_store_datadir)

    def _final_path(self, image_id: str) -> str:
        if not _IMAGE_ID.match(image_id):
            raise ValueError(f"not an image id: {image_id!r}")
        return os.path.join(self.datadir, image_id.lower())

    def _path_of(self, location: str) -> str:
        parsed = parse.urlsplit(location)
        path = os.path.realpath(parse.unquote(parsed.path))
        if parsed.scheme != self.scheme or os.path.dirname(path) != \
                os.path.realpath(self.datadir):
            raise ValueError(f"not a location of this store: {location!r}")
        return path

    def add(self, image_id: str, chunks: Iterable[bytes]) -> str:
        final = self._final_path(image_id)
        os.makedirs(self.datadir, mode=0o750, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=self.datadir, prefix=f"{image_id.lower()}.",
                                       suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, final)
        except BaseException:
            _remove(partial)
            raise
        _fsync_directory(self.datadir)
        return "file://" + parse.quote(final)

    def get(self, location: str, offset: int = 0,
            length: int | None = None) -> Iterator[bytes]:
        try:
            handle = open(self._path_of(location), "rb")
        except FileNotFoundError:
            raise DataNotFound(f"No image data at {location}.")
        return _read(handle, offset, length)

    def delete(self, location: str) -> None:
        _remove(self._path_of(location))

    def cleanup_partial(self, image_id: str) -> None:
        pattern = os.path.join(glob.escape(self.datadir),
                               glob.escape(os.path.basename(self._final_path(image_id)))
                               + ".*.partial")
        for path in glob.glob(pattern):
            LOG.info("Removing the partial data of an abandoned upload: %s", path)
            _remove(path)


def _read(handle, offset: int, length: int | None) -> Iterator[bytes]:
    with handle:
        handle.seek(offset)
        remaining = length
        while remaining is None or remaining > 0:
            chunk = handle.read(CHUNK_SIZE if remaining is None
                                else min(CHUNK_SIZE, remaining))
            if not chunk:
                return
            if remaining is not None:
                remaining -= len(chunk)
            yield chunk


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _fsync_directory(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
