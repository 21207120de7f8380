"""The filesystem store: complete files only, ranged reads, safe locations."""
import os
import uuid

import pytest
from oslo_config import cfg

from onestack import conf as onestack_conf
from onestack.image import store
from onestack.image.store.filesystem import FilesystemStore


@pytest.fixture
def fs_store(tmp_path):
    conf = cfg.ConfigOpts()
    onestack_conf.register_all(conf)
    conf([], project="onestack", default_config_files=[])
    conf.set_override("state_path", str(tmp_path))
    return FilesystemStore(conf)


def _files(directory):
    return sorted(os.listdir(directory)) if os.path.isdir(directory) else []


def test_add_get_delete_round_trip(fs_store):
    image_id = str(uuid.uuid4())
    chunks = [os.urandom(100_000) for _ in range(5)]
    location = fs_store.add(image_id, iter(chunks))
    assert location == "file://" + os.path.join(fs_store.datadir, image_id)
    assert _files(fs_store.datadir) == [image_id]
    assert b"".join(fs_store.get(location)) == b"".join(chunks)
    fs_store.delete(location)
    fs_store.delete(location)  # already gone: not an error
    assert _files(fs_store.datadir) == []
    with pytest.raises(store.DataNotFound):
        fs_store.get(location)


def test_ranged_reads(fs_store):
    data = bytes(range(256)) * 10_000
    location = fs_store.add(str(uuid.uuid4()), [data])
    assert b"".join(fs_store.get(location, 10, 5)) == data[10:15]
    assert b"".join(fs_store.get(location, len(data) - 3)) == data[-3:]
    assert b"".join(fs_store.get(location, 0, 3 << 20)) == data[:3 << 20]


def test_a_range_is_also_a_file_of_just_that_window(fs_store):
    """What a WSGI server's file_wrapper does with it: find the size by
    seeking to the end, peek, skip, read the rest."""
    data = bytes(range(256)) * 100
    window = fs_store.get(fs_store.add(str(uuid.uuid4()), [data]), 1000, 5000)
    start = window.tell()
    assert window.seek(0, os.SEEK_END) - start == 5000
    window.seek(start)
    assert window.read(10) == data[1000:1010]
    window.seek(100, os.SEEK_CUR)
    assert window.read() == data[1110:6000]
    assert window.read(1) == b""
    window.close()


def test_the_final_name_appears_only_when_the_data_is_complete(fs_store):
    image_id = str(uuid.uuid4())
    final = os.path.join(fs_store.datadir, image_id)
    seen = []

    def chunks():
        for _ in range(3):
            seen.append(os.path.exists(final))
            yield b"x" * 1000

    fs_store.add(image_id, chunks())
    assert seen == [False, False, False] and os.path.getsize(final) == 3000


def test_a_failing_source_leaves_nothing_behind(fs_store):
    def chunks():
        yield b"first part"
        raise RuntimeError("connection cut")

    with pytest.raises(RuntimeError):
        fs_store.add(str(uuid.uuid4()), chunks())
    assert _files(fs_store.datadir) == []


def test_cleanup_partial_removes_what_a_crash_left(fs_store):
    image_id, other_id = str(uuid.uuid4()), str(uuid.uuid4())
    os.makedirs(fs_store.datadir)
    for name in (f"{image_id}.abc123.partial", f"{other_id}.def456.partial", image_id):
        with open(os.path.join(fs_store.datadir, name), "wb") as handle:
            handle.write(b"data")
    fs_store.cleanup_partial(image_id)
    assert _files(fs_store.datadir) == sorted([f"{other_id}.def456.partial", image_id])


@pytest.mark.parametrize("location", [
    "file:///etc/passwd", "http://example.com/x", "file://{datadir}/../escape",
    "file://{datadir}/sub/deeper"])
def test_locations_outside_the_store_are_refused(fs_store, location):
    with pytest.raises(ValueError):
        fs_store.get(location.format(datadir=fs_store.datadir))
    with pytest.raises(ValueError):
        fs_store.delete(location.format(datadir=fs_store.datadir))


@pytest.mark.parametrize("image_id", ["../../etc/passwd", "abc", "", "x" * 36])
def test_only_image_ids_name_files(fs_store, image_id):
    with pytest.raises(ValueError):
        fs_store.add(image_id, [b"data"])


def test_registry_picks_stores_by_scheme(fs_store):
    assert isinstance(store.default_store(fs_store.conf), FilesystemStore)
    assert isinstance(store.store_for(fs_store.conf, "file:///x"), FilesystemStore)
    assert FilesystemStore.capabilities.writable
    with pytest.raises(ValueError):
        store.store_for(fs_store.conf, "swift://container/object")
