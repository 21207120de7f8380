"""Ports through the `openstack` CLI and openstacksdk: a server's fixed IP
is a port; a port made first is what `server create --nic port-id=` uses,
and stays (unbound) when the server goes; `server create --network NAME`."""
import itertools
import json
import uuid

import pytest

from tests.functional.compute.conftest import wait_gone
from tests.support.neutron_http import Neutron, cli_env_for, neutron_fault


# each test's subnet a /24 of its own: subnets may not overlap here
_SUBNET_OCTETS = itertools.count(20)


def _json(cloud, *args, env):
    return json.loads(cloud.cli(*args, "-f", "json", env=env).stdout)


@pytest.fixture
def member(cloud, tenant):
    sdk, project = tenant
    env = cli_env_for(cloud, project.name, "pw", project.name)
    name = f"pnet-{uuid.uuid4().hex[:6]}"
    network = _json(cloud, "network", "create", name, env=env)
    third = next(_SUBNET_OCTETS)
    _json(cloud, "subnet", "create", "--network", name, "--subnet-range",
          f"10.{third}.7.0/24", f"{name}-sub", env=env)
    return sdk, project, env, network


def test_port_create_then_boot_with_it(cloud, image_id, member):
    sdk, project, env, network = member
    port = _json(cloud, "port", "create", "--network", network["id"], "mine", env=env)
    assert port["status"] == "DOWN" and port["device_id"] == ""
    address = port["fixed_ips"][0]["ip_address"] if isinstance(port["fixed_ips"], list) \
        else port["fixed_ips"].split("'")[3]
    server = _json(cloud, "server", "create", "--flavor", "m1.tiny", "--image", image_id,
                   "--nic", f"port-id={port['id']}", "--wait", "ported", env=env)
    listed = _json(cloud, "port", "list", "--server", server["id"], env=env)
    assert [p["ID"] for p in listed] == [port["id"]]
    shown = sdk.network.get_port(port["id"])
    assert (shown.device_id, shown.device_owner, shown.status) == (
        server["id"], "compute:nova", "ACTIVE")
    assert address in json.dumps(sdk.compute.get_server(server["id"]).addresses)
    # the port is in use: another server cannot take it, it cannot be deleted
    refused = cloud.cli("server", "create", "--flavor", "m1.tiny", "--image", image_id,
                        "--nic", f"port-id={port['id']}", "again", env=env, check=False)
    assert refused.returncode != 0 and "in use" in refused.stderr
    neutron_fault(Neutron(cloud, sdk.session)("DELETE", f"/ports/{port['id']}"), 409,
                  "PortInUse")
    cloud.cli("server", "delete", "--wait", server["id"], env=env)
    wait_gone(sdk, server["id"])
    kept = sdk.network.get_port(port["id"])
    assert (kept.device_id, kept.status) == ("", "DOWN")
    assert kept.fixed_ips[0]["ip_address"] == address
    cloud.cli("port", "delete", port["id"], env=env)
    assert sdk.network.find_port(port["id"]) is None


def test_server_create_with_network_name(cloud, image_id, member):
    sdk, project, env, network = member
    server = _json(cloud, "server", "create", "--flavor", "m1.tiny", "--image", image_id,
                   "--network", network["name"], "--wait", "named", env=env)
    (port,) = sdk.network.ports(device_id=server["id"])
    assert port.network_id == network["id"] and port.device_owner == "compute:nova"
    assert list(sdk.network.ports(fixed_ips=[
        f"ip_address={port.fixed_ips[0]['ip_address']}"])) == [port]
    cloud.cli("port", "set", "--name", "renamed", port.id, env=env)
    assert sdk.network.get_port(port.id).name == "renamed"
    cloud.cli("server", "delete", "--wait", server["id"], env=env)
    wait_gone(sdk, server["id"])
    assert sdk.network.find_port(port.id) is None   # made by the boot: gone with it


def test_port_errors(cloud, member, other_tenant):
    sdk, project, env, network = member
    api = Neutron(cloud, sdk.session)
    neutron_fault(api("POST", "/ports", json={"port": {
        "network_id": network["id"], "fixed_ips": [{"ip_address": "192.0.2.1"}]}}), 400)
    made = api("POST", "/ports", json={"port": {"network_id": network["id"]}})
    assert made.status_code == 201
    taken = made.json()["port"]["fixed_ips"][0]["ip_address"]
    neutron_fault(api("POST", "/ports", json={"port": {
        "network_id": network["id"], "fixed_ips": [{"ip_address": taken}]}}), 409)
    neutron_fault(api("POST", "/ports", json={"port": {
        "network_id": network["id"], "security_groups": [
            "00000000-0000-4000-8000-000000000000"]}}), 404)
    stranger = Neutron(cloud, other_tenant[0].session)
    # a port on another project's network: that network does not exist for it
    neutron_fault(stranger("POST", "/ports", json={"port": {
        "network_id": network["id"]}}), 404, "NetworkNotFound")
    port_id = made.json()["port"]["id"]
    neutron_fault(stranger("GET", f"/ports/{port_id}"), 404, "PortNotFound")
    neutron_fault(stranger("PUT", f"/ports/{port_id}", json={"port": {"name": "x"}}),
                  404, "PortNotFound")
    assert port_id not in {p["id"] for p in stranger("GET", "/ports").json()["ports"]}
    assert api("DELETE", f"/ports/{port_id}").status_code == 204
