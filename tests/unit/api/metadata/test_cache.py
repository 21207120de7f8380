"""The metadata cache: kept for its lifetime, dropped on a change, and a
read that raced with a change is not kept."""
from onestack.api.metadata.cache import Cache


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def test_kept_until_it_expires():
    clock, reads = Clock(), []
    cache = Cache(15, clock)

    def build(uuid):
        reads.append(uuid)
        return f"tree-{len(reads)}"
    assert cache.tree("a", build) == cache.tree("a", build) == "tree-1"
    clock.now = 16
    assert cache.tree("a", build) == "tree-2"


def test_a_change_drops_the_tree_and_the_addresses():
    cache = Cache(15, Clock())
    assert cache.holder("10.0.0.3", lambda address: "a") == "a"
    cache.tree("a", lambda uuid: "old")
    cache.invalidate("a")
    assert cache.tree("a", lambda uuid: "new") == "new"
    assert cache.holder("10.0.0.3", lambda address: "b") == "b"


def test_a_read_racing_a_change_is_not_kept():
    cache = Cache(15, Clock())

    def build(uuid):
        cache.invalidate(uuid)  # the instance changes while it is read
        return "stale"
    assert cache.tree("a", build) == "stale"
    assert cache.tree("a", lambda uuid: "fresh") == "fresh"


def test_zero_keeps_nothing():
    cache, reads = Cache(0, Clock()), []
    cache.tree("a", reads.append)
    cache.tree("a", reads.append)
    assert reads == ["a", "a"]
