"""GET /v2/images: visibility, filters, sorting and pages with `next` links."""
from urllib import parse

import pytest

from tests.functional.image.conftest import unique


@pytest.fixture(scope="module")
def family(admin):
    """Five images of one family name prefix with varied attributes."""
    tag = unique("family")
    images = [admin.active(b"a" * 10, name=f"{tag}-c", tags=[tag, "odd"],
                           os_distro="ubuntu"),
              admin.active(b"b" * 30, name=f"{tag}-a", tags=[tag], os_distro="fedora",
                           disk_format="qcow2"),
              admin.create(name=f"{tag}-e", tags=[tag, "odd"], os_distro="ubuntu"),
              admin.active(b"d" * 20, name=f"{tag}-b", tags=[tag], protected=True),
              admin.create(name=f"{tag}-d", tags=[tag, "odd"], os_hidden=True)]
    yield tag, {image["name"][-1]: image for image in images}
    for image in images:
        admin.patch(image["id"], [{"op": "replace", "path": "/protected", "value": False}])
        admin.delete(image["id"])


def _names(client, query):
    return [image["name"][-1] for image in client.list(query)["images"]]


def test_filters(admin, family):
    tag, images = family
    base = f"tag={tag}&sort=name:asc"
    assert _names(admin, base) == ["a", "b", "c", "e"]  # d is hidden
    assert _names(admin, base + "&os_hidden=true") == ["d"]
    assert _names(admin, base + "&tag=odd") == ["c", "e"]
    assert _names(admin, base + "&status=queued") == ["e"]
    assert _names(admin, base + "&status=in:active,queued") == ["a", "b", "c", "e"]
    assert _names(admin, base + "&os_distro=ubuntu") == ["c", "e"]
    assert _names(admin, base + "&disk_format=qcow2") == ["a"]
    assert _names(admin, base + "&protected=true") == ["b"]
    assert _names(admin, base + "&size_min=15&size_max=25") == ["b"]
    assert _names(admin, base + f"&name={tag}-c") == ["c"]
    ids = ",".join(images[n]["id"] for n in "ae")
    assert _names(admin, base + f"&id=in:{ids}") == ["a", "e"]
    assert _names(admin, base + f"&owner={admin.project_id}") == ["a", "b", "c", "e"]
    assert _names(admin, base + "&owner=someone-else") == []
    created = images["b"]["created_at"]
    assert "b" in _names(admin, base + f"&created_at=lte:{created}")
    assert _names(admin, base + "&changes-since=2020-01-01T00:00:00Z") == [
        "a", "b", "c", "e"]  # gone from Glance v2: ignored, never refused


def test_sorting(admin, family):
    tag, _ = family
    assert _names(admin, f"tag={tag}&sort_key=size&sort_dir=asc") == ["e", "c", "b", "a"]
    assert _names(admin, f"tag={tag}&sort=name:desc") == ["e", "c", "b", "a"]
    assert _names(admin, f"tag={tag}&sort_key=status&sort_key=name&sort_dir=asc"
                         "&sort_dir=desc") == ["c", "b", "a", "e"]
    newest_first = _names(admin, f"tag={tag}")
    assert newest_first == ["b", "e", "a", "c"]  # created_at desc by default


def test_pages_follow_next_links(admin, family):
    tag, _ = family
    query = f"tag={tag}&sort=name:asc&limit=3"
    page = admin.list(query)
    assert [i["name"][-1] for i in page["images"]] == ["a", "b", "c"]
    first = parse.urlsplit(page["first"])
    assert first.path == "/v2/images"
    assert parse.parse_qs(first.query) == parse.parse_qs(query)
    assert page["schema"] == "/v2/schemas/images"
    next_query = parse.parse_qs(parse.urlsplit(page["next"]).query)
    assert next_query["marker"] == [page["images"][-1]["id"]]
    assert next_query["limit"] == ["3"] and next_query["tag"] == [tag]
    second = admin.request("GET", page["next"]).json()
    assert [i["name"][-1] for i in second["images"]] == ["e"]
    assert "next" not in second


@pytest.mark.parametrize("sort", ["name:asc", "name:desc", "size:asc", "created_at:desc",
                                  "status:asc,size:desc"])
def test_paging_one_by_one_sees_every_image_once(admin, family, sort):
    tag, _ = family
    everything = admin.listed_ids(f"tag={tag}&sort={sort}")
    seen, marker = [], None
    while True:
        query = f"tag={tag}&sort={sort}&limit=1" + (f"&marker={marker}" if marker else "")
        page = admin.list(query)
        seen += [image["id"] for image in page["images"]]
        if "next" not in page:
            break
        marker = page["images"][-1]["id"]
    assert seen == everything and len(seen) == 4


def test_visibility_rules(admin, demo, third):
    public = admin.create(visibility="public")
    private = demo.create(visibility="private")
    community = demo.create(visibility="community")
    shared = demo.create(visibility="shared")
    own = [private["id"], community["id"], shared["id"]]

    demo_default = demo.listed_ids("limit=1000")
    assert public["id"] in demo_default and set(own) <= set(demo_default)
    third_default = third.listed_ids("limit=1000")
    assert public["id"] in third_default and not set(own) & set(third_default)
    assert community["id"] in third.listed_ids("visibility=community&limit=1000")
    assert community["id"] in third.listed_ids("visibility=all&limit=1000")
    assert private["id"] not in third.listed_ids("visibility=all&limit=1000")
    assert third.get(community["id"]).status_code == 200
    for image in (private, shared):
        reply = third.get(image["id"])
        assert reply.status_code == 404 and "No image found" in reply.json()["message"]
    assert set(own) <= set(admin.listed_ids("limit=1000"))  # the admin sees all
    privates = demo.list("visibility=private&limit=1000")["images"]
    assert private["id"] in [image["id"] for image in privates]
    assert {(i["owner"], i["visibility"]) for i in privates} == {
        (demo.project_id, "private")}
    assert public["id"] in demo.listed_ids("visibility=public&limit=1000")


def test_only_the_admin_makes_images_public(admin, demo):
    reply = demo.request("POST", "/v2/images", json={"name": unique("pub"),
                                                     "visibility": "public"})
    assert reply.status_code == 403
    assert "publicize_image" in reply.json()["message"]
    image = demo.create()
    reply = demo.patch(image["id"], [{"op": "replace", "path": "/visibility",
                                      "value": "public"}])
    assert reply.status_code == 403
    assert demo.get(image["id"]).json()["visibility"] == "shared"
    assert admin.patch(image["id"], [{"op": "replace", "path": "/visibility",
                                      "value": "public"}]).json()["visibility"] == "public"


def test_others_cannot_change_or_delete_an_image(admin, demo):
    image = admin.active(b"x", visibility="public")
    assert demo.patch(image["id"], [{"op": "replace", "path": "/name",
                                     "value": "mine"}]).status_code == 403
    assert demo.delete(image["id"]).status_code == 403
    assert demo.upload(demo.create(disk_format="raw", container_format="bare")["id"],
                       b"ok").status_code == 204
    assert demo.request("PUT", f"/v2/images/{image['id']}/tags/x").status_code == 403
    assert demo.request("POST", "/v2/images", json={
        "owner": admin.project_id}).status_code == 403
    reply = demo.patch(demo.create()["id"], [{"op": "replace", "path": "/owner",
                                              "value": admin.project_id}])
    assert reply.status_code == 403
