"""OS-DCF:diskConfig: kept on the server, defaulted from the image's
auto_disk_config property, set by create, update, rebuild and resize, and
shown in every server view, as Tempest's ServerDiskConfigTestJSON checks."""
import json
import uuid

import pytest

from tests.functional.compute.conftest import wait_gone, wait_status

DCF = "OS-DCF:diskConfig"


@pytest.fixture(scope="module")
def images(cloud):
    """Active images that say AUTO, say MANUAL and forbid AUTO, and say nothing."""
    sdk = cloud.sdk()
    made = {}
    for key, says in (("auto", "True"), ("manual", "False"), ("silent", None)):
        extra = {} if says is None else {"auto_disk_config": says}
        image = sdk.image.create_image(
            name=f"dcf-{key}-{uuid.uuid4().hex[:6]}", data=b"disk", disk_format="raw",
            container_format="bare", visibility="public", wait=True, **extra)
        made[key] = image.id
    yield made
    for image_id in made.values():
        sdk.image.delete_image(image_id, ignore_missing=True)


def _boot(sdk, image_id, disk_config=None, name="dcf"):
    server = {"name": name, "imageRef": image_id, "flavorRef": "1", "networks": "none"}
    if disk_config:
        server[DCF] = disk_config
    return sdk.compute.post("/servers", json={"server": server}, microversion="2.79",
                            raise_exc=False)


def _shown(sdk, server_id) -> str:
    return sdk.compute.get(f"/servers/{server_id}").json()["server"][DCF]


def _delete(sdk, *server_ids):
    for server_id in server_ids:
        sdk.compute.delete_server(server_id)
    for server_id in server_ids:
        wait_gone(sdk, server_id)


def test_create_takes_the_request_else_the_image(cloud, images, tenant):
    sdk, _ = tenant
    cases = [("silent", None, "MANUAL"), ("silent", "AUTO", "AUTO"),
             ("auto", None, "AUTO"), ("auto", "MANUAL", "MANUAL"),
             ("manual", None, "MANUAL"), ("manual", "MANUAL", "MANUAL")]
    made = []
    for image, requested, expected in cases:
        reply = _boot(sdk, images[image], requested)
        assert reply.status_code == 202, reply.text
        created = reply.json()["server"]
        assert created[DCF] == expected, (image, requested)
        made.append((created["id"], expected))
    for server_id, expected in made:
        wait_status(sdk, server_id, "ACTIVE")
        assert _shown(sdk, server_id) == expected
    listed = {s["id"]: s[DCF] for s in
              sdk.compute.get("/servers/detail").json()["servers"]}
    assert listed == dict(made)
    # openstacksdk reads it as disk_config, the CLI shows it
    assert sdk.compute.get_server(made[1][0]).disk_config == "AUTO"
    shown = json.loads(cloud.cli("server", "show", made[1][0], "-f", "json").stdout)
    assert shown[DCF] == "AUTO"
    _delete(sdk, *(server_id for server_id, _ in made))


def test_auto_from_an_image_that_forbids_it_is_400_and_makes_nothing(
        cloud, images, tenant):
    sdk, _ = tenant
    name = "dcf-refused-" + uuid.uuid4().hex[:6]
    reply = _boot(sdk, images["manual"], "AUTO", name=name)
    assert reply.status_code == 400
    message = reply.json()["badRequest"]["message"]
    assert message == (f"Requested image {images['manual']} has automatic disk "
                       "resize disabled.")
    assert not list(sdk.compute.servers(name=name))
    bad = _boot(sdk, images["silent"], "auto")  # the schema's enum: upper case only
    assert bad.status_code == 400 and "badRequest" in bad.json()


def test_update_rebuild_and_resize_set_it(cloud, images, tenant):
    """Tempest's sequence: update to one value, then rebuild or resize to the
    other; every answer shows the value it leaves."""
    from novaclient import client as nova_client
    sdk, _ = tenant
    nova = nova_client.Client("2.1", session=sdk.session)
    server_id = _boot(sdk, images["silent"]).json()["server"]["id"]
    wait_status(sdk, server_id, "ACTIVE")

    updated = sdk.compute.put(f"/servers/{server_id}", json={"server": {DCF: "AUTO"}})
    assert updated.json()["server"][DCF] == "AUTO" and _shown(sdk, server_id) == "AUTO"
    nova.servers.update(server_id, name="dcf-renamed")   # leaves it alone
    assert _shown(sdk, server_id) == "AUTO"

    rebuilt = sdk.compute.post(f"/servers/{server_id}/action", json={"rebuild": {
        "imageRef": images["auto"], DCF: "MANUAL"}}).json()["server"]
    assert rebuilt[DCF] == "MANUAL"
    wait_status(sdk, server_id, "ACTIVE")
    assert _shown(sdk, server_id) == "MANUAL"
    nova.servers.rebuild(server_id, images["silent"], disk_config="AUTO")
    wait_status(sdk, server_id, "ACTIVE")
    assert _shown(sdk, server_id) == "AUTO"
    nova.servers.rebuild(server_id, images["silent"])   # no value: kept
    wait_status(sdk, server_id, "ACTIVE")
    assert _shown(sdk, server_id) == "AUTO"

    refused = sdk.compute.post(f"/servers/{server_id}/action", json={"rebuild": {
        "imageRef": images["manual"], DCF: "AUTO"}}, raise_exc=False)
    assert refused.status_code == 400 and "automatic disk resize disabled" in \
        refused.json()["badRequest"]["message"]
    server = sdk.compute.get_server(server_id)
    assert server.status == "ACTIVE" and server.image.id == images["silent"]

    nova.servers.update(server_id, name="dcf")
    sdk.compute.put(f"/servers/{server_id}", json={"server": {DCF: "MANUAL"}})
    cloud.conf.set_override("allow_resize_to_same_host", True)  # one host here
    try:
        nova.servers.resize(server_id, "2", disk_config="AUTO")
        wait_status(sdk, server_id, "VERIFY_RESIZE")
    finally:
        cloud.conf.clear_override("allow_resize_to_same_host")
    assert _shown(sdk, server_id) == "AUTO"
    nova.servers.confirm_resize(server_id)
    wait_status(sdk, server_id, "ACTIVE")
    assert _shown(sdk, server_id) == "AUTO"
    _delete(sdk, server_id)


def test_resize_to_auto_refused_when_the_servers_image_forbids_it(
        cloud, images, tenant):
    sdk, _ = tenant
    server_id = _boot(sdk, images["manual"]).json()["server"]["id"]
    wait_status(sdk, server_id, "ACTIVE")
    refused = sdk.compute.post(f"/servers/{server_id}/action", json={"resize": {
        "flavorRef": "2", DCF: "AUTO"}}, raise_exc=False)
    assert refused.status_code == 400
    server = sdk.compute.get_server(server_id)
    assert server.status == "ACTIVE" and server.flavor.original_name == "m1.tiny"
    assert _shown(sdk, server_id) == "MANUAL"
    _delete(sdk, server_id)
