"""Upload bodies: hashes, size cap, quota, cut connections, sizes with units."""
import hashlib
import io
import struct

import pytest

from onestack.common import exceptions
from onestack.image import incoming


def _consume(data, **limits):
    options = {"cap": 1 << 30, "quota_left": None, "body_length": len(data)}
    options.update(limits)
    body = incoming.IncomingData(io.BytesIO(data), **options)
    return body, b"".join(body)


def test_hashes_and_values():
    data = b"x" * (3 * incoming.CHUNK_SIZE + 5)
    body, passed = _consume(data)
    assert passed == data
    values = body.values("file:///images/i", "raw")
    assert values == {"size": len(data), "checksum": hashlib.md5(data).hexdigest(),
                      "os_hash_algo": "sha512",
                      "os_hash_value": hashlib.sha512(data).hexdigest(),
                      "virtual_size": len(data), "location": "file:///images/i"}


def test_qcow2_virtual_size_comes_from_its_header():
    header = b"QFI\xfb" + struct.pack(">IQIIQ", 3, 0, 0, 16, 10 << 30)
    body, _ = _consume(header + b"\0" * 1000)
    assert body.values("l", "qcow2")["virtual_size"] == 10 << 30
    assert body.values("l", "vmdk")["virtual_size"] is None


def test_the_size_cap_stops_the_stream():
    with pytest.raises(exceptions.RequestTooLarge) as error:
        _consume(b"y" * 5000, cap=4096)
    assert "image size cap of 4096 bytes" in error.value.message


def test_the_quota_stops_the_stream():
    with pytest.raises(exceptions.RequestTooLarge) as error:
        _consume(b"y" * 5000, quota_left=100)
    assert "exceeds the quota" in error.value.message
    assert "100 bytes remaining" in error.value.message


def test_announced_sizes_are_checked_before_reading():
    body = incoming.IncomingData(io.BytesIO(b""), cap=10, quota_left=None,
                                 body_length=None)
    body.check_announced_size(None)
    with pytest.raises(exceptions.RequestTooLarge):
        body.check_announced_size(11)


def test_a_short_body_is_an_interrupted_upload():
    with pytest.raises(incoming.UploadInterrupted) as error:
        _consume(b"z" * 100, body_length=200)
    assert "100 of 200 bytes" in error.value.message


def test_a_failing_read_is_an_interrupted_upload():
    class Broken:
        def read(self, size):
            raise ConnectionResetError("peer went away")

    body = incoming.IncomingData(Broken(), cap=10, quota_left=None, body_length=None)
    with pytest.raises(incoming.UploadInterrupted) as error:
        list(body)
    assert "peer went away" in error.value.message


def test_heartbeat_while_reading(monkeypatch):
    beats = []
    clock = iter(range(0, 1000, 20))
    monkeypatch.setattr(incoming.time, "monotonic", lambda: next(clock))
    body = incoming.IncomingData(io.BytesIO(b"a" * (4 * incoming.CHUNK_SIZE)),
                                 cap=1 << 30, quota_left=None, body_length=None,
                                 heartbeat=lambda: beats.append(1))
    list(body)
    assert beats


@pytest.mark.parametrize("text, size", [("0", 0), ("1048576", 1 << 20), ("10GB", 10 << 30),
                                        ("512 mb", 512 << 20), ("3KB", 3072),
                                        ("2TB", 2 << 40), ("7B", 7)])
def test_parse_size(text, size):
    assert incoming.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "ten", "10 PB", "-1", "1.5GB", "10G"])
def test_parse_size_refuses_nonsense(text):
    with pytest.raises(ValueError):
        incoming.parse_size(text)

