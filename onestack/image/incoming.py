"""The request body of an upload as chunks: counted, hashed (MD5 and SHA-512)
and stopped with a clear error at the size cap, the quota or a cut connection."""
from __future__ import annotations

import hashlib
import re
import struct
import time

from onestack.common import exceptions

CHUNK_SIZE = 1 << 20
HEARTBEAT_SECONDS = 30
HASH_ALGO = "sha512"
_UNITS = {"": 1, "B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}


def parse_size(text: str) -> int:
    """'0', '1048576', '10GB', '512 MB' -> bytes."""
    match = re.fullmatch(r"\s*(\d+)\s*([KMGT]?B)?\s*", str(text), re.IGNORECASE)
    if not match:
        raise ValueError(f"not a size: {text!r} (expected bytes or e.g. 10GB)")
    return int(match.group(1)) * _UNITS[(match.group(2) or "").upper()]


class UploadInterrupted(exceptions.BadRequest):
    """The body ended before its announced length, or reading it failed."""


def qcow2_virtual_size(header: bytes) -> int | None:
    """The disk size a qcow2 header announces (bytes 24-31, big-endian)."""
    if len(header) >= 32 and header[:4] == b"QFI\xfb":
        return struct.unpack(">Q", header[24:32])[0]
    return None


class IncomingData:
    """Iterate to read the whole body; a store writes what this yields."""

    def __init__(self, stream, cap: int, quota_left: int | None,
                 body_length: int | None, heartbeat=lambda: None):
        self.stream = stream
        self.cap = cap
        self.quota_left = quota_left
        self.body_length = body_length
        self.heartbeat = heartbeat
        self.announced = None
        self.size = 0
        self.header = b""
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.hasher = hashlib.new(HASH_ALGO)

    def _check_size(self, size: int) -> None:
        if size > self.cap:
            raise exceptions.RequestTooLarge(
                f"The incoming image is too large: it passes the image size cap of "
                f"{self.cap} bytes.")
        if self.quota_left is not None and size > self.quota_left:
            raise exceptions.RequestTooLarge(
                "Denying attempt to upload image because it exceeds the quota: The "
                f"size of the data {size} will exceed the limit. {self.quota_left} "
                "bytes remaining.")

    def check_announced_size(self, announced: int | None) -> None:
        """Refuse at once data whose announced size is already too large, and
        later any data past the announced size."""
        for size in (announced, self.body_length):
            if size is not None:
                self._check_size(size)
        self.announced = announced

    def _check_announced(self) -> None:
        if self.announced is not None and self.size > self.announced:
            raise exceptions.BadRequest(
                f"The image data is larger than the {self.announced} bytes its "
                "x-openstack-image-size header announced.")

    def _read(self) -> bytes:
        try:
            return self.stream.read(CHUNK_SIZE)
        except Exception as error:
            raise UploadInterrupted(f"The upload was interrupted after {self.size} "
                                    f"bytes: {error}") from error

    def __iter__(self):
        last_beat = time.monotonic()
        while chunk := self._read():
            self.size += len(chunk)
            self._check_size(self.size)
            self._check_announced()
            if len(self.header) < 512:
                self.header += chunk[:512 - len(self.header)]
            self.md5.update(chunk)
            self.hasher.update(chunk)
            if time.monotonic() - last_beat > HEARTBEAT_SECONDS:
                self.heartbeat()
                last_beat = time.monotonic()
            yield chunk
        if self.body_length is not None and self.size != self.body_length:
            raise UploadInterrupted(f"The upload was cut short: {self.size} of "
                                    f"{self.body_length} bytes arrived.")

    def values(self, location: str, disk_format: str | None) -> dict:
        """The columns of the stored image."""
        virtual = self.size if disk_format in ("raw", "iso") else \
            qcow2_virtual_size(self.header) if disk_format == "qcow2" else None
        return {"size": self.size, "checksum": self.md5.hexdigest(),
                "os_hash_algo": HASH_ALGO, "os_hash_value": self.hasher.hexdigest(),
                "virtual_size": virtual, "location": location}

