"""The compute API's image proxy (/images until 2.35, metadata until 2.38),
over images made through the Image API."""
import uuid

import pytest

from tests.functional.compute_admin.support import fault, name


class Glance:
    def __init__(self, session):
        self.session = session

    def __call__(self, method, path, **kwargs):
        response = self.session.request(path, method, raise_exc=False,
                                        endpoint_filter={"service_type": "image"},
                                        **kwargs)
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def image(self, data: bytes | None = None, **fields) -> dict:
        image = self("POST", "/v2/images", json={
            "name": name("img"), "disk_format": "raw", "container_format": "bare",
            **fields})
        if data is not None:
            self("PUT", f"/v2/images/{image['id']}/file", data=data,
                 headers={"Content-Type": "application/octet-stream"})
        return self("GET", f"/v2/images/{image['id']}")


@pytest.fixture
def glance(admin):
    made = Glance(admin.session)
    yield made
    listed = made("GET", "/v2/images?limit=1000")["images"]
    for image in listed:
        if image["name"].startswith("img-") and image["owner"] == admin.project_id:
            made.session.delete(f"/v2/images/{image['id']}", raise_exc=False,
                                endpoint_filter={"service_type": "image"})


def test_detail_view(cloud, admin, glance):
    server = str(uuid.uuid4())
    image = glance.image(b"x" * 1234, min_ram=64, min_disk=1, instance_uuid=server,
                         auto_disk_config="True", os_distro="cirros")
    shown = admin("GET", f"/images/{image['id']}").json()["image"]
    assert shown["metadata"] == {"instance_uuid": server, "auto_disk_config": "True",
                                 "os_distro": "cirros"}
    assert (shown["status"], shown["progress"], shown["minRam"], shown["minDisk"]) == (
        "ACTIVE", 100, 64, 1)
    assert shown["OS-EXT-IMG-SIZE:size"] == 1234 and shown["OS-DCF:diskConfig"] == "AUTO"
    assert shown["created"].endswith("Z") and shown["updated"].endswith("Z")
    assert shown["server"]["id"] == server
    assert shown["server"]["links"][0]["href"].endswith(f"/v2.1/servers/{server}")
    rels = [(link["rel"], link["href"]) for link in shown["links"]]
    assert rels[0][1].endswith(f"/v2.1/images/{image['id']}")
    assert rels[2] == ("alternate", f"{cloud.url('image')}/images/{image['id']}")
    queued = glance.image(name=name("img"))
    saving = admin("GET", f"/images/{queued['id']}").json()["image"]
    assert (saving["status"], saving["progress"], saving["OS-EXT-IMG-SIZE:size"]) == (
        "SAVING", 25, 0)
    assert "server" not in saving and saving["metadata"] == {}


def test_lists_and_filters(admin, glance):
    tag = uuid.uuid4().hex
    server = str(uuid.uuid4())
    snapshot = glance.image(b"snap", instance_uuid=server, purpose=tag, min_ram=512)
    plain = glance.image(b"plain", purpose=tag)
    basic = admin("GET", f"/images?property-purpose={tag}").json()["images"]
    assert sorted(i["id"] for i in basic) == sorted([snapshot["id"], plain["id"]])
    assert all(set(i) == {"id", "name", "links"} for i in basic)
    by_server = admin("GET", f"/images/detail?server=http://x/servers/{server}").json()
    assert [i["id"] for i in by_server["images"]] == [snapshot["id"]]
    by_ram = admin("GET", f"/images/detail?property-purpose={tag}&minRam=256").json()
    assert [i["id"] for i in by_ram["images"]] == [snapshot["id"]]
    by_name = admin("GET", f"/images/detail?name={plain['name']}&status=ACTIVE").json()
    assert [i["id"] for i in by_name["images"]] == [plain["id"]]
    first = admin("GET", f"/images/detail?property-purpose={tag}&limit=1").json()
    (link,) = first["images_links"]
    second = admin("GET", link["href"].split("/v2.1", 1)[1]).json()
    assert len(first["images"]) == len(second["images"]) == 1
    assert first["images"][0]["id"] != second["images"][0]["id"]
    fault(admin("GET", "/images?limit=-1"), 400)
    fault(admin("GET", "/images/detail?minRam=lots"), 400)


def test_visibility_and_delete(admin, member, glance):
    private = glance.image(b"p", visibility="private")
    public = glance.image(b"q", visibility="public")
    assert fault(member("GET", f"/images/{private['id']}"), 404) == "Image not found."
    assert member("GET", f"/images/{public['id']}").json()["image"]["id"] == public["id"]
    listed = [i["id"] for i in member("GET", "/images").json()["images"]]
    assert public["id"] in listed and private["id"] not in listed
    assert "not allowed" in fault(member("DELETE", f"/images/{public['id']}"), 403)
    fault(member("DELETE", f"/images/{private['id']}"), 404)
    assert admin("DELETE", f"/images/{private['id']}").status_code == 204
    fault(admin("GET", f"/images/{private['id']}"), 404)
    fault(admin("DELETE", f"/images/{private['id']}"), 404)


def test_gone_from_236(admin, glance):
    image = glance.image(b"v")
    assert admin("GET", f"/images/{image['id']}", "2.35").ok
    for path in ("/images", "/images/detail", f"/images/{image['id']}"):
        fault(admin("GET", path, "2.36"), 404)
    fault(admin("DELETE", f"/images/{image['id']}", "2.36"), 404)
    assert admin("GET", f"/images/{image['id']}/metadata", "2.38").ok
    fault(admin("GET", f"/images/{image['id']}/metadata", "2.39"), 404)


def test_metadata(cloud, admin, member, glance):
    image = glance.image(b"m", os_distro="cirros", visibility="public")
    path = f"/images/{image['id']}/metadata"
    assert admin("GET", path).json() == {"metadata": {"os_distro": "cirros"}}
    merged = admin("POST", path, json={"metadata": {"a": "1", "os_distro": "debian"}})
    assert merged.json() == {"metadata": {"os_distro": "debian", "a": "1"}}
    assert admin("GET", f"{path}/a").json() == {"meta": {"a": "1"}}
    assert admin("PUT", f"{path}/b", json={"meta": {"b": "2"}}).json() == {
        "meta": {"b": "2"}}
    assert admin("DELETE", f"{path}/a").status_code == 204
    assert glance("GET", f"/v2/images/{image['id']}")["b"] == "2"
    replaced = admin("PUT", path, json={"metadata": {"only": "this"}}).json()
    assert replaced == {"metadata": {"only": "this"}}
    assert admin("GET", f"/images/{image['id']}").json()["image"]["metadata"] == {
        "only": "this"}
    assert fault(admin("GET", f"{path}/a"), 404) == "Invalid metadata key"
    fault(admin("DELETE", f"{path}/a"), 404)
    assert "mismatch" in fault(admin("PUT", f"{path}/c", json={"meta": {"d": "1"}}), 400)
    fault(admin("PUT", f"{path}/c", json={"meta": {"c": "1", "d": "2"}}), 400)
    fault(admin("POST", path, json={"metadata": {"bad/key": "x"}}), 400)
    fault(admin("POST", path, json={"metadata": {"k": 1}}), 400)
    fault(admin("POST", path, json={"meta": {}}), 400)
    fault(member("POST", path, json={"metadata": {"x": "y"}}), 403)
    too_many = {f"k{i}": "v" for i in range(cloud.conf.quota.metadata_items + 1)}
    assert fault(admin("PUT", path, json={"metadata": too_many}), 403) == \
        "Image metadata limit exceeded"
    fault(admin("GET", f"/images/{uuid.uuid4()}/metadata"), 404)


def test_openstacksdk_compute_images(cloud, glance):
    image = glance.image(b"s", os_distro="cirros")
    sdk = cloud.sdk()
    shown = sdk.compute.get_image(image["id"])
    assert (shown.status, shown.size, shown.metadata) == ("ACTIVE", 1, {"os_distro": "cirros"})
    assert image["id"] in [i.id for i in sdk.compute.images()]
    sdk.compute.set_image_metadata(image["id"], flavor="small")
    assert sdk.compute.fetch_image_metadata(image["id"]).metadata == {
        "os_distro": "cirros", "flavor": "small"}
    sdk.compute.delete_image_metadata(image["id"], ["flavor"])
    sdk.compute.delete_image(image["id"], ignore_missing=False)
    assert sdk.compute.find_image(image["id"]) is None
