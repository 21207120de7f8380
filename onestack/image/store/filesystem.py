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
            length: int | None = None) -> Iterable[bytes]:
        try:
            handle = open(self._path_of(location), "rb")
        except FileNotFoundError:
            raise DataNotFound(f"No image data at {location}.")
        return FileWindow(handle, offset, length)

    def delete(self, location: str) -> None:
        _remove(self._path_of(location))

    def cleanup_partial(self, image_id: str) -> None:
        pattern = os.path.join(glob.escape(self.datadir),
                               glob.escape(os.path.basename(self._final_path(image_id)))
                               + ".*.partial")
        for path in glob.glob(pattern):
            LOG.info("Removing the partial data of an abandoned upload: %s", path)
            _remove(path)


class FileWindow:
    """length bytes of an open file from offset (to its end when None).

    Iterated, it yields the data in chunks and closes the file. It is also a
    file (read, seek, tell, close) over just that window: the HTTP server
    sends such a response body from its event loop, without a worker thread
    waiting on a slow client.
    """

    def __init__(self, handle, offset: int, length: int | None):
        handle.seek(offset)
        self._handle = handle
        self._end = None if length is None else offset + length

    def read(self, size: int | None = -1) -> bytes:
        if self._end is not None:
            left = max(self._end - self._handle.tell(), 0)
            size = left if size is None or size < 0 else min(size, left)
        return self._handle.read(size)

    def seek(self, position: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_END and self._end is not None:
            return self._handle.seek(self._end + position)
        return self._handle.seek(position, whence)

    def tell(self) -> int:
        return self._handle.tell()

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self._handle.close()

    def __iter__(self) -> Iterator[bytes]:
        with self._handle:
            while chunk := self.read(CHUNK_SIZE):
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
