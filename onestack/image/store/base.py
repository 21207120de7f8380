"""The store interface: where image data lives, as opaque location URIs.

A store only moves bytes. Counting, hashing and size limits belong to the
caller, which hands `add` an iterator that raises when the data must not be
kept; the store then removes whatever it wrote and lets the error through.
"""
from __future__ import annotations

import abc
import dataclasses
from typing import ClassVar, Iterable

from onestack.common import exceptions


class DataNotFound(exceptions.NotFound):
    """The location names no data (deleted, or never written)."""


@dataclasses.dataclass(frozen=True)
class Capabilities:
    writable: bool = True       # False: a read-only store, such as HTTP
    ranged_reads: bool = True   # get() honours offset and length itself


class Store(abc.ABC):
    scheme: ClassVar[str]
    capabilities: ClassVar[Capabilities] = Capabilities()

    def __init__(self, conf):
        self.conf = conf

    @abc.abstractmethod
    def add(self, image_id: str, chunks: Iterable[bytes]) -> str:
        """Write every chunk as the data of image_id; return its location URI.

        Failure contract: if iterating chunks raises, or writing fails, or the
        process dies, no data becomes visible at the location: partial data is
        removed (or, after a crash, left only where cleanup_partial finds it).
        """

    @abc.abstractmethod
    def get(self, location: str, offset: int = 0,
            length: int | None = None) -> Iterable[bytes]:
        """The data at location from offset, length bytes (None: to the end),
        in chunks. A store of local files may return a file-like window
        (read, seek, tell, close) that the HTTP server sends by itself.

        Raises DataNotFound at once (not on first iteration) when the
        location holds no data.
        """

    @abc.abstractmethod
    def delete(self, location: str) -> None:
        """Remove the data at location; data already gone is not an error."""

    @abc.abstractmethod
    def cleanup_partial(self, image_id: str) -> None:
        """Remove what an add() for image_id that never finished left behind
        (a crash mid-upload); harmless when there is nothing."""
