"""Images over HTTP: discovery, schemas, create, patch, tags, actions, data."""
import hashlib
import os

import requests

from tests.functional.image.conftest import unique


def test_version_discovery(cloud):
    root = requests.get(cloud.url("image") + "/")
    versions = requests.get(cloud.url("image") + "/versions")
    assert root.status_code == 300 and versions.status_code == 200
    assert root.json() == versions.json()
    listed = versions.json()["versions"]
    assert listed[0]["id"] == "v2.7" and listed[0]["status"] == "CURRENT"
    assert {v["id"] for v in listed} == {f"v2.{n}" for n in range(8)}
    assert listed[-1]["links"] == [{"rel": "self",
                                    "href": cloud.url("image") + "/v2/"}]


def test_schemas(admin):
    image = admin.request("GET", "/v2/schemas/image").json()
    assert image["name"] == "image"
    assert image["additionalProperties"] == {"type": "string"}
    assert image["properties"]["disk_format"]["enum"] == [
        None, "ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso",
        "ploop"]
    assert image["properties"]["container_format"]["enum"] == [
        None, "ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]
    assert image["properties"]["instance_uuid"]["is_base"] is False
    images = admin.request("GET", "/v2/schemas/images").json()
    assert images["properties"]["images"]["items"] == image
    member = admin.request("GET", "/v2/schemas/member").json()
    assert member["properties"]["status"]["enum"] == ["pending", "accepted", "rejected"]
    assert admin.request("GET", "/v2/schemas/members").json()["name"] == "members"
    assert admin.request("GET", "/v2/schemas/nothing").status_code == 404


def test_create_shows_every_attribute(admin):
    name = unique("full")
    reply = admin.request("POST", "/v2/images", json={
        "name": name, "disk_format": "qcow2", "container_format": "bare",
        "min_disk": 2, "min_ram": 256, "protected": False, "tags": ["a", "b", "a"],
        "os_distro": "cirros", "instance_uuid": "6d5f6e8a-1b2c-4d3e-8f9a-0b1c2d3e4f5a"})
    assert reply.status_code == 201
    image = reply.json()
    assert reply.headers["Location"] == f"/v2/images/{image['id']}"
    assert image["status"] == "queued" and image["visibility"] == "shared"
    assert image["owner"] == admin.project_id and image["tags"] == ["a", "b"]
    assert (image["min_disk"], image["min_ram"]) == (2, 256)
    assert image["os_distro"] == "cirros"
    assert image["instance_uuid"] == "6d5f6e8a-1b2c-4d3e-8f9a-0b1c2d3e4f5a"
    for name in ("size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value"):
        assert image[name] is None
    assert image["self"] == f"/v2/images/{image['id']}"
    assert image["file"] == f"/v2/images/{image['id']}/file"
    assert image["schema"] == "/v2/schemas/image" and image["os_hidden"] is False
    assert admin.get(image["id"]).json() == image


def test_create_with_a_chosen_id(admin):
    image_id = "1b4f7c0e-5a2d-4e6f-9a8b-7c6d5e4f3a2b"
    image = admin.create(id=image_id)
    assert image["id"] == image_id
    assert admin.request("POST", "/v2/images", json={"id": image_id}).status_code == 409
    assert admin.delete(image_id).status_code == 204


def test_an_empty_image_id_is_404_not_the_list(admin):
    for method in ("GET", "DELETE", "PATCH"):
        assert admin.request(method, "/v2/images/").status_code == 404
    assert admin.request("GET", "/v2/images").status_code == 200


def test_image_tasks_are_listed_for_visible_images_only(admin, demo):
    image = admin.create(name=unique("tasks"))
    reply = admin.request("GET", f"/v2/images/{image['id']}/tasks")
    assert (reply.status_code, reply.json()) == (200, {"tasks": []})
    assert demo.request("GET", f"/v2/images/{image['id']}/tasks").status_code == 404
    assert admin.delete(image["id"]).status_code == 204
    assert admin.request("GET", f"/v2/images/{image['id']}/tasks").status_code == 404


def test_upload_download_and_ranges(admin):
    data = bytes(range(256)) * 4096 + b"tail"
    image = admin.active(data)
    assert image["status"] == "active" and image["size"] == len(data)
    assert image["checksum"] == hashlib.md5(data).hexdigest()
    assert image["os_hash_algo"] == "sha512"
    assert image["os_hash_value"] == hashlib.sha512(data).hexdigest()
    assert image["virtual_size"] == len(data)

    whole = admin.request("GET", f"/v2/images/{image['id']}/file")
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["Content-MD5"] == image["checksum"]
    assert whole.headers["Content-Type"] == "application/octet-stream"
    assert int(whole.headers["Content-Length"]) == len(data)

    for header, start, end in (("bytes=10-19", 10, 19), ("bytes=-4", len(data) - 4,
                                                          len(data) - 1),
                               (f"bytes={len(data) - 2}-", len(data) - 2, len(data) - 1),
                               ("bytes=5-999999999", 5, len(data) - 1)):
        part = admin.request("GET", f"/v2/images/{image['id']}/file",
                             headers={"Range": header})
        assert part.status_code == 206, header
        assert part.content == data[start:end + 1]
        assert part.headers["Content-Range"] == f"bytes {start}-{end}/{len(data)}"


def test_download_before_upload_has_no_content(admin):
    image = admin.create(disk_format="raw", container_format="bare")
    reply = admin.request("GET", f"/v2/images/{image['id']}/file")
    assert reply.status_code == 204 and reply.content == b""


def test_chunked_upload_of_an_empty_and_a_streamed_body(admin):
    empty = admin.active(b"")
    assert empty["size"] == 0 and empty["status"] == "active"
    assert admin.request("GET", f"/v2/images/{empty['id']}/file").content == b""
    image = admin.create(disk_format="iso", container_format="bare")
    chunks = [b"part-%d " % n for n in range(1000)]
    reply = admin.upload(image["id"], iter(chunks))
    assert reply.status_code == 204
    assert admin.request("GET", f"/v2/images/{image['id']}/file").content == \
        b"".join(chunks)


def test_patch_properties_and_attributes(admin):
    image = admin.create(disk_format="raw", container_format="bare", os_distro="a")
    reply = admin.patch(image["id"], [
        {"op": "replace", "path": "/name", "value": "renamed"},
        {"op": "add", "path": "/os_version", "value": "1.0"},
        {"op": "add", "path": "/os_distro", "value": "b"},
        {"op": "replace", "path": "/min_ram", "value": 64},
        {"op": "add", "path": "/tags", "value": ["t1", "t2"]},
        {"op": "add", "path": "/a~1b", "value": "slash"},
        {"op": "replace", "path": "/protected", "value": True}])
    assert reply.status_code == 200, reply.text
    patched = reply.json()
    assert patched["name"] == "renamed" and patched["min_ram"] == 64
    assert (patched["os_distro"], patched["os_version"]) == ("b", "1.0")
    assert patched["tags"] == ["t1", "t2"] and patched["a/b"] == "slash"
    assert patched["protected"] is True
    removed = admin.patch(image["id"], [{"op": "remove", "path": "/os_version"},
                                        {"op": "replace", "path": "/protected",
                                         "value": False}]).json()
    assert "os_version" not in removed and removed["protected"] is False
    older = admin.patch(image["id"], [{"replace": "/name", "value": "v2.0 form"}],
                        content_type="application/openstack-images-v2.0-json-patch")
    assert older.status_code == 200 and older.json()["name"] == "v2.0 form"
    conflict = admin.patch(image["id"], [{"add": "/os_distro", "value": "c"}],
                           content_type="application/openstack-images-v2.0-json-patch")
    assert conflict.status_code == 409


def test_a_failing_patch_changes_nothing(admin):
    image = admin.create(name=unique("atomic"), disk_format="raw",
                         container_format="bare")
    reply = admin.patch(image["id"], [
        {"op": "replace", "path": "/name", "value": "changed"},
        {"op": "add", "path": "/k", "value": "v"},
        {"op": "remove", "path": "/missing"}])
    assert reply.status_code == 409
    assert admin.get(image["id"]).json() == image


def test_formats_are_fixed_once_data_is_stored(admin):
    image = admin.active(b"data")
    reply = admin.patch(image["id"], [{"op": "replace", "path": "/disk_format",
                                       "value": "qcow2"}])
    assert reply.status_code == 403
    assert "can be only replaced for a queued image" in reply.json()["message"]


def test_tags(admin):
    image = admin.create()
    path = f"/v2/images/{image['id']}/tags"
    assert admin.request("PUT", f"{path}/first").status_code == 204
    assert admin.request("PUT", f"{path}/first").status_code == 204
    assert admin.request("PUT", f"{path}/second").status_code == 204
    assert admin.get(image["id"]).json()["tags"] == ["first", "second"]
    assert admin.request("DELETE", f"{path}/first").status_code == 204
    assert admin.request("DELETE", f"{path}/first").status_code == 404
    assert admin.get(image["id"]).json()["tags"] == ["second"]


def test_deactivate_and_reactivate(admin, demo):
    image = admin.active(b"secret", visibility="public")
    actions = f"/v2/images/{image['id']}/actions"
    assert admin.request("POST", f"{actions}/deactivate").status_code == 204
    assert admin.request("POST", f"{actions}/deactivate").status_code == 204
    assert admin.get(image["id"]).json()["status"] == "deactivated"
    refused = demo.request("GET", f"/v2/images/{image['id']}/file")
    assert refused.status_code == 403 and "deactivated" in refused.json()["message"]
    assert admin.request("GET", f"/v2/images/{image['id']}/file").content == b"secret"
    assert demo.request("POST", f"{actions}/reactivate").status_code == 403
    assert admin.request("POST", f"{actions}/reactivate").status_code == 204
    assert demo.request("GET", f"/v2/images/{image['id']}/file").content == b"secret"
    queued = admin.create()
    reply = admin.request("POST", f"/v2/images/{queued['id']}/actions/deactivate")
    assert reply.status_code == 403
    assert reply.json()["message"] == ("Not allowed to deactivate image in status "
                                       "'queued'")


def test_delete_removes_record_and_data(admin, cloud):
    image = admin.active(b"to be deleted")
    datadir = cloud.conf.image.filesystem_store_datadir
    assert image["id"] in os.listdir(datadir)
    assert admin.delete(image["id"]).status_code == 204
    assert admin.get(image["id"]).status_code == 404
    assert admin.delete(image["id"]).status_code == 404
    assert image["id"] not in os.listdir(datadir)


def test_protected_images_cannot_be_deleted(admin):
    image = admin.active(b"keep", protected=True)
    reply = admin.delete(image["id"])
    assert reply.status_code == 403
    assert reply.json()["message"] == (f"Image {image['id']} is protected and cannot "
                                       "be deleted.")
    assert admin.get(image["id"]).json()["status"] == "active"
    admin.patch(image["id"], [{"op": "replace", "path": "/protected", "value": False}])
    assert admin.delete(image["id"]).status_code == 204
