"""Servers get a fixed IP on the default network and show it as the seed's
`nova list` does; the address goes back when the server goes."""
import json
import os
import subprocess

from onestack.db import networks
from tests.support.cloud import VENV_BIN
from tests.functional.compute.conftest import wait_gone, wait_status


def test_cli_server_create_shows_its_address(cloud, image_id):
    created = json.loads(cloud.cli("server", "create", "--flavor", "m1.tiny",
                                   "--image", image_id, "--wait", "-f", "json",
                                   "addressed").stdout)
    [held] = networks.of_instances([created["id"]])
    assert held.address.startswith("10.0.0.")
    listed = json.loads(cloud.cli("server", "list", "--name", "^addressed$",
                                  "-f", "json").stdout)
    assert [row["Networks"] for row in listed] == [{"private": [held.address]}]
    table = cloud.cli("server", "list", "--name", "^addressed$").stdout
    assert f"| private={held.address} |" in table
    nova = subprocess.run([os.path.join(VENV_BIN, "nova"), "list"], text=True,
                          env=cloud.cli_env(), capture_output=True, check=True)
    assert f"private={held.address}" in nova.stdout
    cloud.cli("server", "delete", "--wait", created["id"])
    assert networks.of_instances([created["id"]]) == []


def test_addresses_view_and_ip_filter(cloud, image_id, tenant):
    sdk, _ = tenant
    flavor = sdk.compute.find_flavor("m1.tiny")
    reply = sdk.compute.post("/servers", microversion="2.79", json={"server": {
        "name": "viewed", "imageRef": image_id, "flavorRef": flavor.id,
        "networks": "auto"}})
    server_id = reply.json()["server"]["id"]
    wait_status(sdk, server_id, "ACTIVE")
    body = sdk.compute.get(f"/servers/{server_id}", microversion="2.79").json()["server"]
    [entry] = body["addresses"]["private"]
    [held] = networks.of_instances([server_id])
    assert entry == {"version": 4, "addr": held.address, "OS-EXT-IPS:type": "fixed",
                     "OS-EXT-IPS-MAC:mac_addr": held.mac_address}
    assert held.mac_address.startswith("fa:16:3e:")
    found = sdk.compute.get(f"/servers?ip={held.address.replace('.', '[.]')}$"
                            ).json()["servers"]
    assert [s["id"] for s in found] == [server_id]
    assert sdk.compute.get("/servers?ip=^192[.]").json()["servers"] == []
    assert sdk.compute.get("/servers?ip=(").status_code == 400
    none = sdk.compute.post("/servers", microversion="2.79", json={"server": {
        "name": "unaddressed", "imageRef": image_id, "flavorRef": flavor.id,
        "networks": "none"}}).json()["server"]["id"]
    assert wait_status(sdk, none, "ACTIVE").addresses == {}
    for uuid in (server_id, none):
        sdk.compute.delete_server(uuid)
        wait_gone(sdk, uuid)


def test_ips_by_network_through_novaclient(cloud, image_id, tenant):
    """GET /servers/{id}/ips and /ips/{label}: the view's addresses without
    the OS-EXT-IPS keys; a network the server is not on is 404."""
    from novaclient import client as nova_client
    sdk, _ = tenant
    flavor = sdk.compute.find_flavor("m1.tiny")
    server = sdk.compute.create_server(name="ips", image_id=image_id,
                                       flavor_id=flavor.id, networks="auto")
    wait_status(sdk, server.id, "ACTIVE")
    [held] = networks.of_instances([server.id])
    expected = {"private": [{"version": 4, "addr": held.address}]}
    nova = nova_client.Client("2.1", session=sdk.session)
    assert nova.servers.ips(server.id) == expected
    one = sdk.compute.get(f"/servers/{server.id}/ips/private")
    assert one.status_code == 200 and one.json() == expected
    missing = sdk.compute.get(f"/servers/{server.id}/ips/elsewhere")
    assert missing.status_code == 404 and missing.json()["itemNotFound"]["code"] == 404
    sdk.compute.delete_server(server.id)
    wait_gone(sdk, server.id)
    assert sdk.compute.get(f"/servers/{server.id}/ips").status_code == 404
