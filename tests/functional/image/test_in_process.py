"""The in-process image API other services call, and the default image."""
import io
import tarfile

import pytest

from onestack.common import exceptions
from onestack.common.context import RequestContext
from onestack.image import api, default_image, transfer
from onestack.image.patch import Change
from tests.functional.image.conftest import unique


@pytest.fixture(scope="module")
def contexts(admin, demo):
    return {"admin": RequestContext(project_id=admin.project_id, roles=["admin"],
                                    is_admin=True),
            "demo": RequestContext(project_id=demo.project_id,
                                   roles=["member", "reader"])}


def test_snapshot_like_create_upload_and_download(cloud, contexts):
    ctx = contexts["demo"]
    server_id = "2c1b0a9f-8e7d-4c6b-9a5f-4e3d2c1b0a9f"
    image = api.create_image(cloud.conf, ctx, {
        "name": unique("snapshot"), "disk_format": "raw", "container_format": "bare",
        "visibility": "private", "instance_uuid": server_id, "image_type": "snapshot"})
    assert image["status"] == "queued" and image["instance_uuid"] == server_id
    data = b"disk of a server " * 5000
    uploaded = transfer.upload_image(cloud.conf, ctx, image["id"], io.BytesIO(data),
                                     body_length=len(data))
    assert uploaded["status"] == "active" and uploaded["size"] == len(data)
    shown, chunks = transfer.download_image(cloud.conf, ctx, image["id"])
    assert shown == api.get_image(cloud.conf, ctx, image["id"])
    assert b"".join(chunks) == data

    listed = api.list_images(cloud.conf, ctx, {"instance_uuid": server_id})
    assert [i["id"] for i in listed] == [image["id"]]
    updated = api.update_image(cloud.conf, ctx, image["id"],
                               [Change(op="add", name="os_distro", value="fedora")])
    assert updated["os_distro"] == "fedora"

    with pytest.raises(exceptions.Forbidden):
        api.create_image(cloud.conf, ctx, {"visibility": "public"})
    api.delete_image(cloud.conf, ctx, image["id"])
    with pytest.raises(exceptions.NotFound):
        api.get_image(cloud.conf, ctx, image["id"])


def test_the_same_visibility_rules_as_http(cloud, contexts, admin, demo):
    private = admin.create(name=unique("admin-only"), visibility="private")
    with pytest.raises(exceptions.NotFound):
        api.get_image(cloud.conf, contexts["demo"], private["id"])
    with pytest.raises(exceptions.NotFound):
        api.delete_image(cloud.conf, contexts["demo"], private["id"])
    assert api.get_image(cloud.conf, contexts["admin"], private["id"])["id"] == \
        private["id"]
    for who, client in (("admin", admin), ("demo", demo)):
        in_process = api.list_images(cloud.conf, contexts[who], {"visibility": "all"},
                                     sort="name:asc,id:asc", limit=1000)
        over_http = client.list("visibility=all&sort=name:asc,id:asc&limit=1000")
        assert [i["id"] for i in in_process] == [i["id"] for i in over_http["images"]]
    public = admin.active(b"everyone", visibility="public")
    with pytest.raises(exceptions.Forbidden):
        api.delete_image(cloud.conf, contexts["demo"], public["id"])
    with pytest.raises(exceptions.NotFound):
        transfer.download_image(cloud.conf, contexts["demo"], admin.create()["id"])


def test_the_default_image(cloud, admin, demo):
    name = cloud.conf.image.default_image_name
    found = demo.list(f"name={name}")["images"]
    assert len(found) == 1
    image = found[0]
    assert (image["status"], image["visibility"], image["owner"]) == (
        "active", "public", admin.project_id)
    assert (image["disk_format"], image["container_format"]) == ("raw", "compressed")
    assert image["os_distro"] == "onestack-tiny" and image["size"] < 4 << 20
    data = demo.request("GET", f"/v2/images/{image['id']}/file").content
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        names = tar.getnames()
        init = tar.extractfile("sbin/init").read().decode()
    assert {"bin/sh", "bin/sleep", "etc/passwd", "sbin/init"} <= set(names)
    assert init.startswith("#!/bin/sh") and "exec sleep" in init
    again = default_image.register(cloud.conf)
    assert again["id"] == image["id"]
    assert len(demo.list(f"name={name}")["images"]) == 1
