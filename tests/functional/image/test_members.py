"""Sharing an image with another project: members, their status, what shows where."""


def _member_path(image, member=None):
    path = f"/v2/images/{image['id']}/members"
    return f"{path}/{member}" if member else path


def test_share_accept_reject(admin, demo, third):
    image = admin.active(b"shared data")
    demo_project = demo.project_id
    reply = admin.request("POST", _member_path(image), json={"member": demo_project})
    assert reply.status_code == 200
    member = reply.json()
    assert (member["image_id"], member["member_id"], member["status"]) == (
        image["id"], demo_project, "pending")
    assert member["schema"] == "/v2/schemas/member"
    assert admin.request("POST", _member_path(image),
                         json={"member": demo_project}).status_code == 409

    # pending: visible by id, but not listed unless asked for
    assert demo.get(image["id"]).status_code == 200
    assert image["id"] not in demo.listed_ids("limit=1000")
    assert image["id"] in demo.listed_ids("member_status=pending&limit=1000")
    assert image["id"] in demo.listed_ids("visibility=shared&member_status=all"
                                          "&limit=1000")
    assert third.get(image["id"]).status_code == 404

    accept = demo.request("PUT", _member_path(image, demo_project),
                          json={"status": "accepted"})
    assert accept.status_code == 200 and accept.json()["status"] == "accepted"
    assert image["id"] in demo.listed_ids("limit=1000")
    assert image["id"] in demo.listed_ids("visibility=shared&limit=1000")
    data = demo.request("GET", f"/v2/images/{image['id']}/file")
    assert data.content == b"shared data"

    listing = demo.request("GET", _member_path(image)).json()
    assert [m["member_id"] for m in listing["members"]] == [demo_project]
    assert listing["schema"] == "/v2/schemas/members"
    assert demo.request("GET", _member_path(image, demo_project)).json()[
        "status"] == "accepted"

    reject = demo.request("PUT", _member_path(image, demo_project),
                          json={"status": "rejected"})
    assert reject.json()["status"] == "rejected"
    assert image["id"] not in demo.listed_ids("limit=1000")
    assert image["id"] in demo.listed_ids("member_status=rejected&limit=1000")

    assert admin.request("DELETE", _member_path(image, demo_project)).status_code == 204
    assert demo.get(image["id"]).status_code == 404
    assert admin.request("GET", _member_path(image)).json()["members"] == []


def test_members_see_only_themselves_and_only_owners_share(admin, demo, third):
    image = admin.create()
    for project in (demo.project_id, third.project_id):
        assert admin.request("POST", _member_path(image),
                             json={"member": project}).status_code == 200
    owner_view = admin.request("GET", _member_path(image)).json()["members"]
    assert {m["member_id"] for m in owner_view} == {demo.project_id, third.project_id}
    demo_view = demo.request("GET", _member_path(image)).json()["members"]
    assert [m["member_id"] for m in demo_view] == [demo.project_id]
    assert demo.request("GET", _member_path(image, third.project_id)).status_code == 404

    # a member may not share further, nor speak for another member
    assert demo.request("POST", _member_path(image),
                        json={"member": "someone"}).status_code == 403
    assert demo.request("PUT", _member_path(image, third.project_id),
                        json={"status": "accepted"}).status_code == 403
    assert demo.request("DELETE", _member_path(image, third.project_id)).status_code \
        == 403
    # the administrator may set a member's status (an owner alone may not: below)
    reply = admin.request("PUT", _member_path(image, demo.project_id),
                          json={"status": "accepted"})
    assert reply.status_code == 200 and reply.json()["status"] == "accepted"


def test_an_owner_cannot_accept_for_a_member(demo, third):
    image = demo.create()
    demo.request("POST", _member_path(image), json={"member": third.project_id})
    reply = demo.request("PUT", _member_path(image, third.project_id),
                         json={"status": "accepted"})
    assert reply.status_code == 403
    assert "not permitted to modify 'status'" in reply.json()["message"]
    assert third.request("PUT", _member_path(image, third.project_id),
                         json={"status": "accepted"}).status_code == 200
    assert image["id"] in third.listed_ids("limit=1000")


def test_only_shared_images_have_members(admin):
    for visibility in ("private", "public", "community"):
        image = admin.create(visibility=visibility)
        reply = admin.request("POST", _member_path(image), json={"member": "p"})
        assert reply.status_code == 403, visibility
        assert reply.json()["message"] == "Only shared images have members."


def test_members_lose_access_when_an_image_is_made_private(admin, demo):
    image = admin.create()
    admin.request("POST", _member_path(image), json={"member": demo.project_id})
    demo.request("PUT", _member_path(image, demo.project_id), json={"status": "accepted"})
    assert image["id"] in demo.listed_ids("limit=1000")
    admin.patch(image["id"], [{"op": "replace", "path": "/visibility", "value": "private"}])
    assert image["id"] not in demo.listed_ids("limit=1000")
    assert demo.get(image["id"]).status_code == 404
