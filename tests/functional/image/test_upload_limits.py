"""Uploads that must not be kept: over the size cap, over the project's quota,
cut halfway, taken over after a crash. Each leaves the image queued with no
data on disk."""
import contextlib
import datetime
import io
import os
import socket
import time

import pytest

from onestack.common.context import RequestContext
from onestack.db import engine, models
from onestack.image import transfer
from tests.functional.image.conftest import unique


@contextlib.contextmanager
def override(cloud, **values):
    for name, value in values.items():
        cloud.conf.set_override(name, value, group="image")
    try:
        yield
    finally:
        for name in values:
            cloud.conf.clear_override(name, group="image")


def _data_files(cloud, image_id):
    datadir = cloud.conf.image.filesystem_store_datadir
    return [name for name in os.listdir(datadir) if name.startswith(image_id)]


def _wait_for_status(client, image_id, status, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = client.get(image_id).json()["status"]
        if current == status:
            return
        time.sleep(0.05)
    raise AssertionError(f"image {image_id} stayed {current}, not {status}")


def _assert_queued_without_data(cloud, client, image_id):
    image = client.get(image_id).json()
    assert image["status"] == "queued"
    assert image["size"] is None and image["checksum"] is None
    assert _data_files(cloud, image_id) == []
    assert client.request("GET", f"/v2/images/{image_id}/file").status_code == 204


@pytest.mark.parametrize("chunked", [False, True], ids=["with length", "chunked"])
def test_the_size_cap(cloud, admin, chunked):
    image = admin.create(disk_format="raw", container_format="bare")
    data = os.urandom(100_000)
    with override(cloud, image_size_cap=50_000):
        reply = admin.upload(image["id"], iter([data[:40_000], data[40_000:]])
                             if chunked else data)
    assert reply.status_code == 413
    assert reply.json()["message"] == ("The incoming image is too large: it passes the "
                                       "image size cap of 50000 bytes.")
    _assert_queued_without_data(cloud, admin, image["id"])
    assert admin.upload(image["id"], data).status_code == 204  # the cap is lifted


def test_the_project_storage_quota(cloud, third):
    first = third.active(b"q" * 6000)
    second = third.create(disk_format="raw", container_format="bare")
    with override(cloud, user_storage_quota="10KB"):
        reply = third.upload(second["id"], iter([b"r" * 3000, b"r" * 3000]))
        assert reply.status_code == 413
        assert reply.json()["message"] == (
            "Denying attempt to upload image because it exceeds the quota: The size "
            "of the data 6000 will exceed the limit. 4240 bytes remaining.")
        _assert_queued_without_data(cloud, third, second["id"])
        announced = third.upload(second["id"], b"s" * 5000)  # Content-Length: refused
        assert announced.status_code == 413 and "4240 bytes remaining" in \
            announced.json()["message"]
        _assert_queued_without_data(cloud, third, second["id"])
        assert third.upload(second["id"], b"t" * 4000).status_code == 204
    assert third.delete(first["id"]).status_code == 204


@pytest.mark.parametrize("chunked", [False, True], ids=["with length", "chunked"])
def test_data_past_the_announced_size(cloud, admin, chunked):
    image = admin.create(disk_format="raw", container_format="bare")
    data = os.urandom(3000)
    reply = admin.upload(image["id"], iter([data[:1000], data[1000:]]) if chunked
                         else data, **{"x-openstack-image-size": "1000"})
    assert reply.status_code == 400
    assert reply.json()["message"] == ("The image data is larger than the 1000 bytes "
                                       "its x-openstack-image-size header announced.")
    _assert_queued_without_data(cloud, admin, image["id"])
    exact = admin.upload(image["id"], data, **{"x-openstack-image-size": "3000"})
    assert exact.status_code == 204


def _raw_upload_start(cloud, client, image_id, length, sent: bytes) -> socket.socket:
    host, port = "127.0.0.1", cloud.conf.image_listen_port
    sock = socket.create_connection((host, port))
    sock.sendall((f"PUT /v2/images/{image_id}/file HTTP/1.1\r\n"
                  f"Host: {host}:{port}\r\n"
                  f"X-Auth-Token: {client.session.get_token()}\r\n"
                  "Content-Type: application/octet-stream\r\n"
                  f"Content-Length: {length}\r\n\r\n").encode() + sent)
    return sock


def test_an_upload_cut_halfway_leaves_the_image_queued_without_data(cloud, admin):
    """The server reads a body whole before the app sees it: half a body
    never starts an upload, and another upload meanwhile is not refused."""
    image = admin.create(disk_format="raw", container_format="bare")
    sock = _raw_upload_start(cloud, admin, image["id"], 8 << 20, os.urandom(4 << 20))
    time.sleep(0.3)  # time enough for a streaming server to have begun the upload
    assert admin.get(image["id"]).json()["status"] == "queued"
    sock.close()
    _assert_queued_without_data(cloud, admin, image["id"])
    assert admin.upload(image["id"], b"complete").status_code == 204
    assert admin.request("GET", f"/v2/images/{image['id']}/file").content == b"complete"


class _DeletesAfterFirstRead(io.BytesIO):
    def __init__(self, data: bytes, delete):
        super().__init__(data)
        self.delete = delete

    def read(self, size=-1):
        chunk = super().read(size)
        if self.delete:
            self.delete, delete = None, self.delete
            delete()
        return chunk


def test_deleting_an_image_during_its_upload(cloud, admin):
    image = admin.create(disk_format="raw", container_format="bare")
    ctx = RequestContext(project_id=admin.project_id, roles=["admin"], is_admin=True)
    stream = _DeletesAfterFirstRead(
        os.urandom(3 << 20),
        lambda: admin.delete(image["id"]).raise_for_status())
    with pytest.raises(transfer.Gone) as refused:
        transfer.upload_image(cloud.conf, ctx, image["id"], stream)
    assert "deleted during the upload" in refused.value.message
    assert _data_files(cloud, image["id"]) == []


def test_a_stale_saving_image_is_taken_over(cloud, admin):
    """An upload whose process died leaves `saving` and a .partial file; the
    next upload after STALE_UPLOAD takes over and removes the leftovers."""
    image = admin.create(disk_format="raw", container_format="bare")
    stale = models.utcnow() - datetime.timedelta(hours=1)
    with engine.transaction() as session:
        row = session.get(models.Image, image["id"])
        row.status, row.updated_at = "saving", stale
    datadir = cloud.conf.image.filesystem_store_datadir
    leftover = os.path.join(datadir, f"{image['id']}.crashed.partial")
    with open(leftover, "wb") as handle:
        handle.write(b"half an image")
    assert admin.upload(image["id"], b"whole image").status_code == 204
    assert _data_files(cloud, image["id"]) == [image["id"]]
    assert admin.get(image["id"]).json()["status"] == "active"


def test_a_recent_saving_image_is_not_taken_over(cloud, admin):
    image = admin.create(name=unique("busy"), disk_format="raw", container_format="bare")
    with engine.transaction() as session:
        session.get(models.Image, image["id"]).status = "saving"
    reply = admin.upload(image["id"], b"second writer")
    assert reply.status_code == 409
    assert "from saving to saving" in reply.json()["message"]
