"""Bad input gets the right 4xx with Glance's error body, never a 500, and
never leaves a half-written record behind."""
import json

import pytest
import requests

from tests.functional.image.conftest import unique


@pytest.fixture(scope="module")
def images(admin):
    """A queued image with formats, a queued one without, and an active one."""
    return {"queued": admin.create(disk_format="raw", container_format="bare",
                                   os_distro="x"),
            "bare": admin.create(),
            "active": admin.active(b"active data")}


def _check(reply, status, words):
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert body["code"] == status and body["title"]
    assert words.lower() in body["message"].lower(), body["message"]


CREATE_CASES = [
    # (case, body or raw text, status, words in the message)
    ("unknown disk format", {"disk_format": "floppy"}, 400, "disk_format"),
    ("unknown container format", {"container_format": "zip"}, 400, "container_format"),
    ("malformed json", "{not json", 400, "Malformed JSON"),
    ("empty body", "", 400, "empty"),
    ("a list", [1, 2], 400, "JSON object"),
    ("read-only status", {"status": "active"}, 403, "Attribute 'status' is read-only."),
    ("read-only checksum", {"checksum": "0" * 32}, 403, "read-only"),
    ("read-only self", {"self": "/x"}, 403, "read-only"),
    ("reserved location", {"location": "file:///etc/passwd"}, 403, "reserved"),
    ("reserved namespace", {"os_glance_import_task": "x"}, 403, "reserved"),
    ("non-string property", {"os_distro": 7}, 400, "os_distro"),
    ("name too long", {"name": "n" * 256}, 400, "name"),
    ("negative min_disk", {"min_disk": -1}, 400, "min_disk"),
    ("min_ram not a number", {"min_ram": "lots"}, 400, "min_ram"),
    ("unknown visibility", {"visibility": "secret"}, 400, "visibility"),
    ("protected not boolean", {"protected": "yes"}, 400, "protected"),
    ("tags not a list", {"tags": "a,b"}, 400, "tags"),
    ("bad id", {"id": "not-a-uuid"}, 400, "id"),
    ("kernel format mix", {"disk_format": "aki", "container_format": "bare"}, 400,
     "Invalid mix of disk and container formats"),
    ("property name too long", {"p" * 256: "v"}, 400, "too long"),
    ("NUL in a property", {"os_distro": "a\x00b"}, 400, "NUL"),
    ("NUL in the name", {"name": "a\x00b"}, 400, "NUL"),
    ("lone surrogate", '{"os_distro": "\\ud800"}', 400, "surrogate"),
    ("json nested deep", "[" * 1000 + "]" * 1000, 400, "nested deeper"),
]


@pytest.mark.parametrize("case, body, status, words", CREATE_CASES,
                         ids=[c[0] for c in CREATE_CASES])
def test_create_refusals(admin, case, body, status, words):
    name = unique("refused")
    if isinstance(body, dict):
        body = dict(body, name=body.get("name", name))
    raw = body if isinstance(body, str) else json.dumps(body)
    reply = admin.request("POST", "/v2/images", data=raw,
                          headers={"Content-Type": "application/json"})
    _check(reply, status, words)
    assert admin.list(f"name={name}")["images"] == []


def test_second_upload_to_an_active_image(admin, images):
    reply = admin.upload(images["active"]["id"], b"other data")
    _check(reply, 409, "Image status transition from active to saving is not allowed")
    download = admin.request("GET", f"/v2/images/{images['active']['id']}/file")
    assert download.content == b"active data"


def test_upload_refusals(admin, images):
    queued = images["queued"]["id"]
    _check(admin.upload(queued, b"x", **{"Content-Type": "application/json"}), 415,
           "application/octet-stream")
    _check(admin.upload(queued, b"x", **{"Content-Type": ""}), 415,
           "application/octet-stream")
    _check(admin.upload(images["bare"]["id"], b"x"), 400,
           "Properties disk_format, container_format must be set prior to saving data.")
    _check(admin.upload("4f1f5e77-1c8e-4a5f-9d7e-3b0a2c1d0e9f", b"x"), 404,
           "No image found")
    _check(admin.upload(queued, b"x", **{"X-Openstack-Image-Size": "big"}), 400,
           "X-Openstack-Image-Size")
    assert admin.get(queued).json()["status"] == "queued"


def test_download_refusals(admin, images):
    assert admin.request("GET", f"/v2/images/{images['queued']['id']}/file"
                         ).status_code == 204
    path = f"/v2/images/{images['active']['id']}/file"
    for header in ("bytes=100-200", "bytes=5-2", "lines=1-2", "bytes=0-1,4-5"):
        reply = admin.request("GET", path, headers={"Range": header})
        _check(reply, 416, "not satisfiable")
        assert reply.headers["Content-Range"] == "bytes */11"


PATCH_CASES = [
    ("wrong media type", "application/json", [], 415, "expects Content-Type"),
    ("json-patch media type", "application/json-patch+json", [], 415,
     "application/openstack-images-v2.1-json-patch"),
    ("malformed json", None, "[{", 400, "Malformed JSON"),
    ("not a list", None, {"op": "add"}, 400, "JSON array"),
    ("no op", None, [{"path": "/name", "value": "x"}], 400, "Unable to find `op`"),
    ("unknown op", None, [{"op": "copy", "path": "/name", "from": "/x"}], 400,
     "Invalid operation"),
    ("no slash", None, [{"op": "add", "path": "name", "value": "x"}], 400,
     "does not start with"),
    ("nested path", None, [{"op": "add", "path": "/tags/0", "value": "x"}], 400,
     "Invalid JSON pointer"),
    ("no value", None, [{"op": "replace", "path": "/name"}], 400, "requires a member"),
    ("read-only", None, [{"op": "replace", "path": "/status", "value": "active"}], 403,
     "read-only"),
    ("reserved", None, [{"op": "add", "path": "/deleted", "value": "x"}], 403,
     "reserved"),
    ("remove a core attribute", None, [{"op": "remove", "path": "/name"}], 403,
     "may not be removed"),
    ("replace a missing property", None,
     [{"op": "replace", "path": "/nothing", "value": "x"}], 409, "does not exist"),
    ("remove a missing property", None, [{"op": "remove", "path": "/nothing"}], 409,
     "does not exist"),
    ("bad value type", None, [{"op": "replace", "path": "/min_ram", "value": "x"}], 400,
     "min_ram"),
    ("bad visibility", None, [{"op": "replace", "path": "/visibility", "value": "x"}],
     400, "visibility"),
    ("non-string property", None, [{"op": "add", "path": "/k", "value": [1]}], 400,
     "k"),
    ("null protected", None, [{"op": "replace", "path": "/protected", "value": None}],
     400, "protected"),
    ("NUL in a property", None, [{"op": "add", "path": "/k", "value": "a\x00"}], 400,
     "NUL"),
    ("json patch nested deep", None, "[" * 1000 + "]" * 1000, 400, "nested deeper"),
]


@pytest.mark.parametrize("case, media_type, body, status, words", PATCH_CASES,
                         ids=[c[0] for c in PATCH_CASES])
def test_patch_refusals(admin, images, case, media_type, body, status, words):
    image = images["queued"]
    raw = body if isinstance(body, str) else json.dumps(body)
    reply = admin.request("PATCH", f"/v2/images/{image['id']}", data=raw, headers={
        "Content-Type": media_type or "application/openstack-images-v2.1-json-patch"})
    _check(reply, status, words)
    assert admin.get(image["id"]).json() == image


def test_unsupported_patch_type_names_the_accepted_ones(admin, images):
    reply = admin.patch(images["queued"]["id"], [], content_type="text/plain")
    assert reply.headers["Accept-Patch"] == (
        "application/openstack-images-v2.0-json-patch, "
        "application/openstack-images-v2.1-json-patch")


LIST_CASES = [
    ("sort_key=checksum", "Invalid sort key"), ("sort_dir=sideways", "sort direction"),
    ("limit=many", "integer"), ("limit=-5", "positive"),
    ("marker=4f1f5e77-1c8e-4a5f-9d7e-3b0a2c1d0e9f", "marker"),
    ("visibility=secret", "visibility"), ("member_status=maybe", "Invalid status"),
    ("os_hidden=maybe", "os_hidden"), ("size_min=big", "size_min"),
    ("created_at=gte:yesterday", "created_at"), ("sort=name&sort_key=id", "combined"),
]


@pytest.mark.parametrize("query, words", LIST_CASES, ids=[c[0] for c in LIST_CASES])
def test_list_refusals(admin, query, words):
    _check(admin.request("GET", f"/v2/images?{query}"), 400, words)


def test_refusals_elsewhere(admin, images):
    image_id, missing = images["queued"]["id"], "4f1f5e77-1c8e-4a5f-9d7e-3b0a2c1d0e9f"
    _check(admin.get(missing), 404, "No image found")
    _check(admin.get("not-even-a-uuid"), 404, "No image found")
    _check(admin.delete(missing), 404, "No image found")
    _check(admin.request("GET", "/v2/nothing-here"), 404, "")
    _check(admin.request("POST", "/v2/schemas/image"), 405, "")
    _check(admin.request("PUT", f"/v2/images/{image_id}/tags/{'t' * 256}"), 400,
           "255 characters")
    _check(admin.request("DELETE", f"/v2/images/{image_id}/tags/never"), 404, "never")
    members = f"/v2/images/{image_id}/members"
    _check(admin.request("POST", members, json={}), 400, "not specified")
    _check(admin.request("POST", members, json={"member": ""}), 400, "member")
    _check(admin.request("POST", members, data="[", headers={
        "Content-Type": "application/json"}), 400, "Malformed JSON")
    admin.request("POST", members, json={"member": "p-bad-status"})
    _check(admin.request("PUT", f"{members}/p-bad-status", json={"status": "maybe"}),
           400, "Status must be")
    _check(admin.request("PUT", f"{members}/p-bad-status", json={}), 400,
           "Status not specified")
    _check(admin.request("PUT", f"{members}/nobody", json={"status": "accepted"}), 404,
           "not found in the member list")
    _check(admin.request("POST", f"/v2/images/{missing}/actions/reactivate"), 404,
           "No image found")


def test_no_token(cloud):
    reply = requests.get(cloud.url("image") + "/v2/images",
                         headers={"Accept": "application/json"})
    _check(reply, 401, "requires authentication")
    assert reply.headers["WWW-Authenticate"].startswith("Keystone uri=")


def test_clients_that_do_not_ask_for_json_get_an_error_page(admin):
    missing = "/v2/images/4f1f5e77-1c8e-4a5f-9d7e-3b0a2c1d0e9f"
    for accept, content_type in (("*/*", "text/html"), (None, "text/html"),
                                 ("text/plain", "text/plain"),
                                 ("application/json, */*", "text/html")):
        reply = admin.session.request(admin.base + missing, "GET", raise_exc=False,
                                      headers={"Accept": accept})
        assert reply.status_code == 404
        assert reply.headers["Content-Type"].startswith(content_type)
        assert "404 Not Found" in reply.text
        assert "No image found with ID 4f1f5e77" in reply.text
    page = admin.session.request(admin.base + "/v2/images?sort_key=<b>", "GET",
                                 raise_exc=False, headers={"Accept": "text/html"})
    assert page.status_code == 400 and "&lt;b&gt;" in page.text and "<b>" not in page.text
