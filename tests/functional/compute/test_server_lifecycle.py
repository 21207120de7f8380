"""A server's life through openstacksdk, novaclient and the openstack CLI."""
import json

import requests

from tests.functional.compute.conftest import wait_gone, wait_status
from tests.support.processes import wait_for


def _active_tiny_server(sdk, image_id, name):
    server = sdk.compute.create_server(name=name, image_id=image_id,
                                       flavor_id=sdk.compute.find_flavor("m1.tiny").id,
                                       networks="none")
    return wait_status(sdk, server.id, "ACTIVE")


def test_cli_server_create_wait_reaches_active(cloud, image_id):
    result = cloud.cli("server", "create", "--flavor", "m1.tiny", "--image", image_id,
                       "--wait", "-f", "json", "cli-vm")
    server = json.loads(result.stdout)
    assert server["status"] == "ACTIVE"
    listed = json.loads(cloud.cli("server", "list", "-f", "json").stdout)
    assert server["id"] in {s["ID"] for s in listed}
    shown = json.loads(cloud.cli("server", "show", "-f", "json", server["id"]).stdout)
    assert shown["OS-EXT-STS:vm_state"] == "active"
    assert shown["flavor"]
    cloud.cli("server", "delete", "--wait", server["id"])
    assert cloud.sdk().compute.find_server(server["id"], ignore_missing=True) is None


def test_lifecycle_actions_with_sdk(cloud, image_id):
    sdk = cloud.sdk()
    flavor = sdk.compute.find_flavor("m1.tiny")
    server = sdk.compute.create_server(name="life", image_id=image_id,
                                       flavor_id=flavor.id, networks="none")
    assert server.admin_password
    server = wait_status(sdk, server.id, "ACTIVE")
    assert server.power_state == 1 and server.launched_at

    sdk.compute.reboot_server(server, "HARD")
    wait_status(sdk, server.id, "ACTIVE")
    sdk.compute.stop_server(server)
    assert wait_status(sdk, server.id, "SHUTOFF").power_state == 4
    sdk.compute.start_server(server)
    wait_status(sdk, server.id, "ACTIVE")
    sdk.compute.pause_server(server)
    wait_status(sdk, server.id, "PAUSED")
    sdk.compute.unpause_server(server)
    wait_status(sdk, server.id, "ACTIVE")
    sdk.compute.suspend_server(server)
    wait_status(sdk, server.id, "SUSPENDED")
    sdk.compute.resume_server(server)
    wait_status(sdk, server.id, "ACTIVE")

    full = sdk.compute.get_server_console_output(server)["output"]
    last = sdk.compute.get_server_console_output(server, length=2)["output"]
    assert last == "\n".join(full.splitlines()[-2:])  # no final newline, as Nova
    assert last.endswith("PM: resume")

    actions = [a.action for a in sdk.compute.server_actions(server)]
    assert actions[:3] == ["resume", "suspend", "unpause"] and "create" in actions

    sdk.compute.delete_server(server)
    wait_gone(sdk, server.id)


def test_create_image_from_server(cloud, image_id):
    sdk = cloud.sdk()
    base = sdk.image.get_image(image_id)
    sdk.image.update_image(image_id, min_ram=16)
    try:
        _snapshot_inherits(sdk, image_id, base)
    finally:
        sdk.image.update_image(image_id, min_ram=base.min_ram or 0)


def _snapshot_inherits(sdk, image_id, base):
    server = _active_tiny_server(sdk, image_id, "snap-src")
    # metadata overrides image_type, as in Nova; instance_uuid stays the server's
    image_id_new = sdk.compute.create_server_image(
        server, "snap-of-server", metadata={"image_type": "test",
                                            "instance_uuid": "forged"})
    if not isinstance(image_id_new, str):
        image_id_new = image_id_new.id
    image = wait_for(lambda: (lambda i: i if i.status == "active" else None)(
        sdk.image.get_image(image_id_new)), what="the snapshot to become active")
    assert image.properties.get("instance_uuid") == server.id or \
        getattr(image, "instance_uuid", None) == server.id
    assert image.properties.get("image_type") == "test"
    assert image.owner == sdk.current_project_id
    # as Nova: the base image's min_ram, and min_disk at least the flavor's root disk
    assert image.min_ram == 16
    assert image.min_disk == max(base.min_disk or 0,
                                 sdk.compute.find_flavor("m1.tiny").disk)
    wait_status(sdk, server.id, "ACTIVE")
    sdk.compute.delete_server(server)
    wait_gone(sdk, server.id)


def test_backups_rotate_oldest_out(cloud, image_id):
    sdk = cloud.sdk()
    server = _active_tiny_server(sdk, image_id, "backup-src")
    made = []
    for number in range(3):
        made.append(json.loads(cloud.cli(
            "server", "backup", "create", "--name", f"nightly-{number}", "--type",
            "daily", "--rotate", "2", "--wait", "-f", "json", server.id).stdout)["id"])
        wait_status(sdk, server.id, "ACTIVE")
    weekly = sdk.compute.post(f"/servers/{server.id}/action", microversion="2.45",
                              json={"createBackup": {"name": "weekly", "rotation": 1,
                                                     "backup_type": "weekly"}})
    assert weekly.status_code == 202 and weekly.headers["Location"].endswith(
        weekly.json()["image_id"])
    wait_status(sdk, server.id, "ACTIVE")
    wait_for(lambda: sdk.image.get_image(weekly.json()["image_id"]).status == "active",
             what="the weekly backup")

    kept = {image.id: image for image in sdk.image.images(
        instance_uuid=server.id, image_type="backup")}
    assert set(kept) == {made[1], made[2], weekly.json()["image_id"]}
    assert kept[made[2]].properties["backup_type"] == "daily"
    bad = sdk.compute.post(f"/servers/{server.id}/action", raise_exc=False, json={
        "createBackup": {"name": "b", "rotation": -1, "backup_type": "daily"}})
    assert bad.status_code == 400 and "badRequest" in bad.json()
    actions = [a.action for a in sdk.compute.server_actions(server)]
    assert actions.count("createBackup") == 4
    sdk.compute.delete_server(server)
    wait_gone(sdk, server.id)


def test_wrong_state_is_409_with_reason(cloud, image_id):
    sdk = cloud.sdk()
    server = _active_tiny_server(sdk, image_id, "conflict")
    reply = sdk.compute.post(f"/servers/{server.id}/action", json={"os-start": None},
                             raise_exc=False)
    assert reply.status_code == 409
    assert "vm_state active" in reply.json()["conflictingRequest"]["message"]
    sdk.compute.delete_server(server)
    wait_gone(sdk, server.id)


def test_name_where_id_expected_is_404(cloud):
    sdk = cloud.sdk()
    reply = sdk.compute.get("/servers/vm1", raise_exc=False)
    assert reply.status_code == 404
    assert "itemNotFound" in reply.json()


def test_empty_id_is_404_not_the_collection(cloud):
    sdk = cloud.sdk()
    for method, path in (("GET", "/servers/"), ("DELETE", "/images/"),
                         ("GET", "/os-simple-tenant-usage/"),
                         ("GET", f"/{sdk.current_project_id}/flavors/")):
        reply = sdk.compute.request(path, method, raise_exc=False)
        assert (reply.status_code, list(reply.json())) == (404, ["itemNotFound"]), path
    root = requests.get(sdk.compute.get_endpoint().rstrip("/") + "/")
    assert root.status_code == 200 and root.json()["version"]["id"] == "v2.1"


def test_novaclient_list_and_seed_style_v2_url(cloud, image_id):
    from novaclient import client as nova_client
    nova = nova_client.Client("2.1", session=cloud.session())
    assert isinstance(nova.servers.list(), list)
    session = cloud.session("demo", "demo-secret", "demo")
    token = session.get_token()
    project = session.get_project_id()
    reply = requests.get(cloud.url("compute") + f"/v2/{project}/servers/detail",
                         headers={"X-Auth-Token": token})
    assert reply.status_code == 200
    assert reply.headers["X-Compute-Request-Id"].startswith("req-")
    assert reply.json() == {"servers": []}


def test_a_project_filter_counts_only_with_all_tenants(cloud, image_id, tenant):
    """As Nova: an admin's tenant_id without all_tenants lists the admin's own
    project; with all_tenants, the named one."""
    member_sdk, project = tenant
    server = _active_tiny_server(member_sdk, image_id, "filtered-tenant")
    admin = cloud.sdk()

    def names(query):
        reply = admin.compute.get(f"/servers/detail?{query}")
        return {s["name"] for s in reply.json()["servers"]}
    assert "filtered-tenant" not in names(f"tenant_id={project.id}")
    assert "filtered-tenant" in names(f"all_tenants=1&tenant_id={project.id}")
    assert "filtered-tenant" not in names(
        f"all_tenants=1&project_id={admin.current_project_id}")
    member_sdk.compute.delete_server(server)
    wait_gone(member_sdk, server.id)
