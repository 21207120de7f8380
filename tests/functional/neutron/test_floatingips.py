"""Floating IPs through the `openstack` CLI, openstacksdk and raw HTTP to the
networking API: `floating ip create nova`, `server add floating ip` and
`server remove floating ip`, `floating ip delete`; the same addresses seen
through the compute API's os-floating-ips; one floating IP per port; bad
input and other projects' objects answered in Neutron's words."""
import itertools
import json
import uuid

import pytest

from onestack.network import floating_ips as floating_api
from tests.support.compute_http import Compute
from tests.support.neutron_http import Neutron, cli_env_for, neutron_fault

NOBODY = "00000000-0000-4000-8000-000000000000"
_POOL_OCTETS = itertools.count(1)  # each test's pool a range of its own


def _json(cloud, *args, env):
    return json.loads(cloud.cli(*args, "-f", "json", env=env).stdout)


@pytest.fixture
def pool(cloud):
    """A pool of its own for each test (its name: its external network's)."""
    name = f"fip-{uuid.uuid4().hex[:6]}"
    third = next(_POOL_OCTETS)
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": f"100.64.{third}.0/29", "pool": name}})
    return name


@pytest.fixture
def member(cloud, tenant):
    sdk, project = tenant
    return sdk, project, cli_env_for(cloud, project.name, "pw", project.name)


def _server(cloud, image_id, env, name="floater"):
    return _json(cloud, "server", "create", "--flavor", "m1.tiny", "--image", image_id,
                 "--wait", name, env=env)


def test_the_default_pool_with_the_cli(cloud, image_id, member):
    sdk, project, env = member
    # the seed's pool (a test cloud has no bootstrap pool)
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "68.99.26.170/31", "pool": "nova"}})
    made = _json(cloud, "floating", "ip", "create", "--description", "the seed's",
                 "nova", env=env)
    assert made["status"] == "DOWN" and made["port_id"] is None
    assert made["description"] == "the seed's"
    assert made["floating_network_id"] == sdk.network.find_network("nova").id
    address = made["floating_ip_address"]
    server = _server(cloud, image_id, env)
    cloud.cli("server", "add", "floating", "ip", server["id"], address, env=env)
    shown = sdk.network.get_ip(made["id"])
    # the server's first port (a shared cloud may give it several networks)
    port = sdk.network.get_port(shown.port_id)
    assert port.device_id == server["id"]
    assert (shown.fixed_ip_address, shown.status) == (
        port.fixed_ips[0]["ip_address"], "ACTIVE")
    # the compute API sees the same association, and the network hosts NAT it
    compute = Compute(cloud, sdk.session)
    nova = compute("GET", "/os-floating-ips").json()["floating_ips"]
    assert [(f["ip"], f["instance_id"], f["pool"]) for f in nova] == [
        (address, server["id"], "nova")]
    assert (address, port.fixed_ips[0]["ip_address"]) in {
        (a.address, a.fixed_address)
        for a in floating_api.associations_for_host_state(cloud.conf)}
    listed = _json(cloud, "floating", "ip", "list", "--port", port.id, env=env)
    assert [f["Floating IP Address"] for f in listed] == [address]
    cloud.cli("server", "remove", "floating", "ip", server["id"], address, env=env)
    assert sdk.network.get_ip(made["id"]).port_id is None
    assert compute("GET", "/os-floating-ips").json()["floating_ips"][0][
        "instance_id"] is None
    cloud.cli("floating", "ip", "delete", address, env=env)
    assert sdk.network.find_ip(address) is None
    assert compute("GET", "/os-floating-ips").json()["floating_ips"] == []
    cloud.cli("server", "delete", "--wait", server["id"], env=env)
    Compute(cloud, cloud.session())("PUT", "/os-floating-ips-bulk/delete", json={
        "ip_range": "68.99.26.170/31"})


def test_create_associated_and_move_between_ports(cloud, image_id, member, pool):
    sdk, project, env = member
    api = Neutron(cloud, sdk.session)
    network_id = sdk.network.find_network(pool).id
    first, second = (_server(cloud, image_id, env, f"s{i}") for i in (1, 2))
    port_one = next(iter(sdk.network.ports(device_id=first["id"])))
    port_two = next(iter(sdk.network.ports(device_id=second["id"])))
    made = api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id, "port_id": port_one.id}})
    assert made.status_code == 201, made.text
    fip = made.json()["floatingip"]
    assert (fip["port_id"], fip["status"], fip["project_id"]) == (
        port_one.id, "ACTIVE", project.id)
    # one floating IP per port
    neutron_fault(api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id, "port_id": port_one.id}}), 409)
    assert len(api("GET", "/floatingips").json()["floatingips"]) == 1
    moved = api("PUT", f"/floatingips/{fip['id']}", json={"floatingip": {
        "port_id": port_two.id}}).json()["floatingip"]
    assert moved["fixed_ip_address"] == port_two.fixed_ips[0]["ip_address"]
    neutron_fault(api("PUT", f"/floatingips/{fip['id']}", json={"floatingip": {
        "port_id": port_two.id, "fixed_ip_address": "10.255.255.1"}}), 400)
    cleared = api("PUT", f"/floatingips/{fip['id']}", json={"floatingip": {
        "port_id": None, "description": "spare"}}).json()["floatingip"]
    assert (cleared["port_id"], cleared["status"], cleared["description"]) == (
        None, "DOWN", "spare")
    # a bad port changes nothing, the description neither
    neutron_fault(api("PUT", f"/floatingips/{fip['id']}", json={"floatingip": {
        "port_id": NOBODY, "description": "lost"}}), 404, "PortNotFound")
    assert api("GET", f"/floatingips/{fip['id']}").json()["floatingip"][
        "description"] == "spare"
    neutron_fault(api("PUT", f"/floatingips/{fip['id']}", json={"floatingip": {
        "description": "x" * 256}}), 400, "InvalidInput")
    filtered = api("GET", f"/floatingips?floating_network_id={network_id}"
                   "&fields=id&fields=status").json()["floatingips"]
    assert filtered == [{"id": fip["id"], "status": "DOWN"}]
    assert api("DELETE", f"/floatingips/{fip['id']}").status_code == 204
    for server in (first, second):
        cloud.cli("server", "delete", server["id"], env=env)


def test_bad_requests_and_other_projects(cloud, image_id, member, other_tenant, pool):
    sdk, project, env = member
    api = Neutron(cloud, sdk.session)
    network_id = sdk.network.find_network(pool).id
    neutron_fault(api("POST", "/floatingips", json={"floatingip": {}}), 400)
    neutron_fault(api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": NOBODY}}), 404, "NetworkNotFound")
    neutron_fault(api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id, "port_id": NOBODY}}), 404, "PortNotFound")
    neutron_fault(api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id, "floating_ip_address": "203.0.0.1"}}), 403)
    neutron_fault(api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id, "bogus": 1}}), 400, "InvalidInput")
    neutron_fault(api("GET", f"/floatingips/{NOBODY}"), 404, "FloatingIPNotFound")
    theirs_sdk = other_tenant[0]
    theirs = Neutron(cloud, theirs_sdk.session)
    other_env = cli_env_for(cloud, other_tenant[1].name, "pw", other_tenant[1].name)
    their_server = _server(cloud, image_id, other_env, "theirs")
    their_port = next(iter(theirs_sdk.network.ports(device_id=their_server["id"])))
    mine = api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id}}).json()["floatingip"]
    # another project's port is not found; its floating IP neither
    neutron_fault(api("PUT", f"/floatingips/{mine['id']}", json={"floatingip": {
        "port_id": their_port.id}}), 404, "PortNotFound")
    for method in ("GET", "DELETE"):
        neutron_fault(theirs(method, f"/floatingips/{mine['id']}"), 404,
                      "FloatingIPNotFound")
    neutron_fault(theirs("PUT", f"/floatingips/{mine['id']}", json={"floatingip": {
        "port_id": None}}), 404, "FloatingIPNotFound")
    assert theirs("GET", "/floatingips").json()["floatingips"] == []
    # an exhausted pool (a /29: six addresses) answers 409
    made = [api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id}}) for _ in range(5)]
    assert [r.status_code for r in made] == [201] * 5
    neutron_fault(api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id}}), 409, "IpAddressGenerationFailure")
    cloud.cli("server", "delete", their_server["id"], env=other_env)


def test_a_chosen_address_is_the_admins(cloud, pool):
    admin = Neutron(cloud, cloud.session())
    network_id = cloud.sdk().network.find_network(pool).id
    external = admin("GET", f"/networks/{network_id}").json()["network"]
    (subnet_id,) = external["subnets"]
    start = admin("GET", f"/subnets/{subnet_id}").json()["subnet"][
        "allocation_pools"][0]["start"]
    made = admin("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id, "floating_ip_address": start}})
    assert made.status_code == 201 and made.json()["floatingip"][
        "floating_ip_address"] == start
    neutron_fault(admin("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id, "floating_ip_address": start}}), 409,
        "IpAddressAlreadyAllocated")
    neutron_fault(admin("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id, "floating_ip_address": "192.0.2.1"}}), 400,
        "InvalidIpForNetwork")
    neutron_fault(admin("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": network_id, "floating_ip_address": "nope"}}), 400,
        "InvalidInput")


def test_a_network_behind_a_router_reaches_only_its_gateways_pool(cloud, member, pool):
    """As Neutron: a port whose network is attached to a router without a
    gateway on the pool gets no floating IP of it (404); once the router
    faces the pool it does. A network on no router is routed by the network
    host to every pool, as nova-network's."""
    sdk, project, env = member
    api = Neutron(cloud, sdk.session)
    network = sdk.network.create_network(name=f"behind-{uuid.uuid4().hex[:6]}")
    subnet = sdk.network.create_subnet(network_id=network.id, ip_version=4,
                                       cidr="10.244.0.0/28")
    port = sdk.network.create_port(network_id=network.id)
    pool_id = sdk.network.find_network(pool).id
    router = sdk.network.create_router(name="no-gateway")
    sdk.network.add_interface_to_router(router, subnet_id=subnet.id)
    neutron_fault(api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": pool_id, "port_id": port.id}}), 404,
        "ExternalGatewayForFloatingIPNotFound")
    assert list(sdk.network.ips()) == []        # nothing was allocated
    floating = sdk.network.create_ip(floating_network_id=pool_id)
    neutron_fault(api("PUT", f"/floatingips/{floating.id}", json={"floatingip": {
        "port_id": port.id}}), 404, "ExternalGatewayForFloatingIPNotFound")
    sdk.network.update_router(router, external_gateway_info={"network_id": pool_id})
    moved = sdk.network.update_ip(floating, port_id=port.id)
    assert moved.fixed_ip_address == port.fixed_ips[0]["ip_address"]
    assert moved.router_id == router.id
    sdk.network.update_ip(floating, port_id=None)
    sdk.network.remove_interface_from_router(router, subnet_id=subnet.id)
    # on no router: reachable
    assert sdk.network.update_ip(floating, port_id=port.id).port_id == port.id
    sdk.network.delete_ip(floating)
    # a port without an address takes no floating IP
    bare = sdk.network.create_network(name=f"bare-{uuid.uuid4().hex[:6]}")
    addressless = sdk.network.create_port(network_id=bare.id)
    neutron_fault(api("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": pool_id, "port_id": addressless.id}}), 400)
    for gone in (addressless.id, port.id):
        sdk.network.delete_port(gone)
    sdk.network.delete_router(router)
    sdk.network.delete_network(bare.id)
    sdk.network.delete_network(network.id)
