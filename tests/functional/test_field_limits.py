"""Per-field limits as upstream has them, where no schema had one: snapshot
and backup metadata (Nova's 255/255); image property values and credential
blobs, which Glance and Keystone keep in TEXT columns: 65,535 bytes, MySQL's
bound (the request body limit alone would let 112 KiB through)."""
import json
import uuid

import pytest

from tests.functional.image.conftest import PATCH_TYPE, ImageClient


@pytest.fixture(scope="module")
def images(cloud):
    return ImageClient(cloud, cloud.session())


@pytest.fixture(scope="module")
def session(cloud):
    return cloud.session()


def test_an_image_property_value_holds_65535_bytes_not_more(images):
    for value in ("n" * 65536, "é" * 32768):
        refused = images.request(
            "POST", "/v2/images", headers={"Content-Type": "application/json"},
            data=json.dumps({"name": "long", "note": value}, ensure_ascii=False
                            ).encode())
        assert refused.status_code == 400, refused.text
        assert "65535 bytes" in refused.json()["message"]
    assert images.listed_ids("name=long") == []
    image = images.create(note="n" * 65535)
    assert len(images.get(image["id"]).json()["note"]) == 65535
    for name in ("note", "os_distro"):
        operations = [{"op": "add", "path": f"/{name}", "value": "é" * 32768}]
        patched = images.request("PATCH", f"/v2/images/{image['id']}", headers={
            "Content-Type": PATCH_TYPE}, data=json.dumps(operations, ensure_ascii=False
                                                         ).encode())
        assert patched.status_code == 400, patched.text
    assert images.get(image["id"]).json().get("os_distro") is None


@pytest.mark.parametrize("metadata", [{"k": "v" * 256}, {"k" * 256: "v"},
                                      {"k": 1}, {"k/slash": "v"}],
                         ids=["long value", "long key", "number", "bad key"])
@pytest.mark.parametrize("action", ["createImage", "createBackup"])
def test_snapshot_metadata_is_checked_as_nova_does(cloud, session, action, metadata):
    body = {"name": "snap", "metadata": metadata}
    if action == "createBackup":
        body.update(backup_type="daily", rotation=1)
    url = f"{cloud.url('compute')}/v2.1/servers/{uuid.uuid4()}/action"
    reply = session.post(url, json={action: body}, raise_exc=False)
    assert reply.status_code == 400, reply.text
    assert "badRequest" in reply.json()
    body["metadata"] = {"k" * 255: "v" * 255}
    reply = session.post(url, json={action: body}, raise_exc=False)
    assert reply.status_code == 404, reply.text  # valid: the server is what is missing


def test_a_credential_blob_holds_65535_bytes_not_more(cloud, session):
    url = cloud.url("identity") + "/v3/credentials"
    user_id = session.get_user_id()

    def create(blob):
        body = {"credential": {"type": "cert", "user_id": user_id, "blob": blob}}
        return session.post(url, raise_exc=False, data=json.dumps(
            body, ensure_ascii=False).encode(), headers={"Content-Type":
                                                        "application/json"})
    for blob in ("b" * 65536, "é" * 40000):
        refused = create(blob)
        assert refused.status_code == 400, refused.text
        assert "65535 bytes" in refused.json()["error"]["message"]
    too_large = create("b" * 200_000)
    assert too_large.status_code == 413
    assert "114688 bytes" in too_large.json()["error"]["message"]
    accepted = create("é" * 32767)
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["credential"]["blob"] == "é" * 32767
