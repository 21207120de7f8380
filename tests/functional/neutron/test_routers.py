"""Routers through the `openstack` CLI: created, given a pool's network as
external gateway, a subnet attached and detached, deleted; what a router
holds cannot be deleted under it."""
import json
import uuid

from tests.support.compute_http import Compute
from tests.support.neutron_http import Neutron, cli_env_for, neutron_fault


def _json(cloud, *args, env):
    return json.loads(cloud.cli(*args, "-f", "json", env=env).stdout)


def test_router_with_gateway_and_subnet(cloud, tenant, other_tenant):
    sdk, project = tenant
    env = cli_env_for(cloud, project.name, "pw", project.name)
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "198.51.100.168/29",
                                     "pool": "router-pool"}})
    name = f"rnet-{uuid.uuid4().hex[:6]}"
    _json(cloud, "network", "create", name, env=env)
    subnet = _json(cloud, "subnet", "create", "--network", name, "--subnet-range",
                   "10.231.0.0/24", f"{name}-sub", env=env)
    router = _json(cloud, "router", "create", "edge", env=env)
    assert router["status"] == "ACTIVE" and router["project_id"] == project.id
    cloud.cli("router", "set", "--external-gateway", "router-pool", router["id"],
              env=env)
    shown = sdk.network.get_router(router["id"])
    assert shown.external_gateway_info["network_id"] == \
        sdk.network.find_network("router-pool").id
    cloud.cli("router", "add", "subnet", router["id"], subnet["id"], env=env)
    (port,) = sdk.network.ports(device_id=router["id"])
    assert port.device_owner == "network:router_interface"
    assert port.fixed_ips == [{"subnet_id": subnet["id"], "ip_address": "10.231.0.1"}]
    api = Neutron(cloud, sdk.session)
    neutron_fault(api("DELETE", f"/routers/{router['id']}"), 409, "RouterInUse")
    neutron_fault(api("DELETE", f"/subnets/{subnet['id']}"), 409, "SubnetInUse")
    neutron_fault(api("DELETE", f"/ports/{port.id}"), 409, "PortInUse")
    stranger = Neutron(cloud, other_tenant[0].session)
    neutron_fault(stranger("GET", f"/routers/{router['id']}"), 404, "RouterNotFound")
    neutron_fault(stranger("PUT", f"/routers/{router['id']}/add_router_interface",
                           json={"subnet_id": subnet["id"]}), 404, "RouterNotFound")
    cloud.cli("router", "remove", "subnet", router["id"], subnet["id"], env=env)
    assert list(sdk.network.ports(device_id=router["id"])) == []
    neutron_fault(api("PUT", f"/routers/{router['id']}", json={"router": {
        "external_gateway_info": {"network_id": subnet["network_id"]}}}), 400)
    cloud.cli("router", "delete", router["id"], env=env)
    assert sdk.network.find_router(router["id"]) is None
    cloud.cli("subnet", "delete", subnet["id"], env=env)
    cloud.cli("network", "delete", name, env=env)


def test_a_router_keeps_its_admin_state(cloud, tenant):
    """Tempest's routers start admin-down: the state is recorded (the network
    host routes whatever it says) and changed by `router set --disable`."""
    sdk, project = tenant
    env = cli_env_for(cloud, project.name, "pw", project.name)
    router = _json(cloud, "router", "create", "--disable", "down-edge", env=env)
    assert router["admin_state_up"] in (False, "DOWN")
    assert sdk.network.get_router(router["id"]).is_admin_state_up is False
    cloud.cli("router", "set", "--enable", router["id"], env=env)
    assert sdk.network.get_router(router["id"]).is_admin_state_up is True
    api = Neutron(cloud, sdk.session)
    neutron_fault(api("PUT", f"/routers/{router['id']}",
                      json={"router": {"admin_state_up": "sideways"}}), 400)
    cloud.cli("router", "delete", router["id"], env=env)


def test_a_gateway_on_a_network_that_is_not_a_pool(cloud, tenant):
    """As Neutron: a network nobody sees is 404, one that is not external 400."""
    sdk, project = tenant
    api = Neutron(cloud, sdk.session)
    router = sdk.network.create_router(name="gw-check")
    missing = api("PUT", f"/routers/{router.id}", json={"router": {
        "external_gateway_info": {"network_id": router.id}}})
    neutron_fault(missing, 404, "NetworkNotFound")
    own = sdk.network.create_network(name=f"inner-{uuid.uuid4().hex[:6]}")
    neutron_fault(api("PUT", f"/routers/{router.id}", json={"router": {
        "external_gateway_info": {"network_id": own.id}}}), 400)
    neutron_fault(api("POST", "/routers", json={"router": {
        "name": "x", "external_gateway_info": {"network_id": router.id}}}), 404,
        "NetworkNotFound")
    sdk.network.delete_router(router.id)
    sdk.network.delete_network(own.id)
