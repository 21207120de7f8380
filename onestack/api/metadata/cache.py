"""What the metadata service read of each instance, kept a short while.

Trees (tree.py) are kept by instance for `[api] metadata_cache_expiration`
seconds, and which instance holds an address as long; invalidate(uuid),
called when the instance changes (compute/instance_changes.py), drops both
at once. A read that raced with any invalidation is served but not kept, so
what is kept after a change was read after it. Nothing is kept of a caller
that is no instance: a new instance's first request finds it.
"""
from __future__ import annotations

import threading
import time

# entries past which a store first sweeps out the expired ones
SWEEP_AT = 4096


class Cache:
    def __init__(self, ttl: float, clock=time.monotonic):
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._trees: dict[str, tuple[float, object]] = {}
        self._holders: dict[str, tuple[float, str]] = {}
        self._invalidations = 0

    def tree(self, instance_uuid: str, build):
        """The cached tree of the instance, or build(instance_uuid), kept."""
        return self._through(self._trees, instance_uuid, build)

    def holder(self, address: str, find) -> str:
        """The instance holding the address, or find(address), kept."""
        return self._through(self._holders, address, find)

    def _through(self, table: dict, key: str, read):
        now = self._clock()
        cached = table.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        seen = self._invalidations
        value = read(key)
        if self.ttl > 0:
            with self._lock:
                if self._invalidations == seen:
                    if len(table) >= SWEEP_AT:
                        self._sweep(table, now)
                    table[key] = (now + self.ttl, value)
        return value

    def invalidate(self, instance_uuid: str) -> None:
        with self._lock:
            self._invalidations += 1
            self._trees.pop(instance_uuid, None)
            for address, (_, holder) in list(self._holders.items()):
                if holder == instance_uuid:
                    del self._holders[address]

    @staticmethod
    def _sweep(table: dict, now: float) -> None:
        for key, (expires, _) in list(table.items()):
            if expires <= now:
                del table[key]
