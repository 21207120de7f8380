"""Ports as Tempest's port and router classes use them: on a network
without a subnet (no address, ever, as Neutron's IPv4 ports), as a router's
interface (add_router_interface port_id=), a router's gateway port, the
administrator's binding:* attributes, and an address of a pool that a
floating IP holds."""
import uuid

from tests.support.compute_http import Compute
from tests.support.neutron_http import Neutron, neutron_fault


def test_a_port_on_a_network_without_subnet_has_no_address(cloud, tenant):
    sdk, _ = tenant
    api = Neutron(cloud, sdk.session)
    network = sdk.network.create_network(name=f"bare-{uuid.uuid4().hex[:6]}")
    port = sdk.network.create_port(network_id=network.id, name="early")
    assert (port.fixed_ips, port.network_id, port.status) == ([], network.id, "DOWN")
    assert port.mac_address.startswith("fa:16:3e:")
    assert port.id in {p.id for p in sdk.network.ports(network_id=network.id)}
    # fixed_ips naming an address on a network with no subnet: refused
    neutron_fault(api("POST", "/ports", json={"port": {
        "network_id": network.id, "fixed_ips": [{"ip_address": "10.0.0.5"}]}}), 400)
    subnet = sdk.network.create_subnet(network_id=network.id, ip_version=4,
                                       cidr="10.243.0.0/28")
    # it keeps no address once the subnet is made; a new port gets one
    assert sdk.network.get_port(port.id).fixed_ips == []
    later = sdk.network.create_port(network_id=network.id)
    assert later.fixed_ips == [{"subnet_id": subnet.id, "ip_address": "10.243.0.2"}]
    # the network cannot go while ports are on it (Neutron's rule)
    neutron_fault(api("DELETE", f"/networks/{network.id}"), 409, "NetworkInUse")
    sdk.network.delete_port(later.id)
    neutron_fault(api("DELETE", f"/networks/{network.id}"), 409, "NetworkInUse")
    sdk.network.update_port(port.id, name="renamed")
    assert sdk.network.get_port(port.id).name == "renamed"
    sdk.network.delete_port(port.id)
    sdk.network.delete_network(network.id)
    assert sdk.network.find_network(network.id) is None


def test_a_port_without_address_cannot_boot_a_server(cloud, tenant, image_id):
    sdk, _ = tenant
    network = sdk.network.create_network(name=f"bare-{uuid.uuid4().hex[:6]}")
    port = sdk.network.create_port(network_id=network.id)
    compute = Compute(cloud, sdk.session)
    refused = compute("POST", "/servers", json={"server": {
        "name": "x", "flavorRef": "1", "imageRef": image_id,
        "networks": [{"port": port.id}]}})
    assert refused.status_code == 400, refused.text
    sdk.network.delete_port(port.id)
    sdk.network.delete_network(network.id)


def test_router_interface_from_a_port(cloud, tenant):
    sdk, _ = tenant
    api = Neutron(cloud, sdk.session)
    network = sdk.network.create_network(name=f"rp-{uuid.uuid4().hex[:6]}")
    subnet = sdk.network.create_subnet(network_id=network.id, ip_version=4,
                                       cidr="10.243.1.0/28")
    router = sdk.network.create_router(name="by-port")
    port = sdk.network.create_port(network_id=network.id)
    address = port.fixed_ips[0]["ip_address"]
    attached = sdk.network.add_interface_to_router(router, port_id=port.id)
    assert (attached["port_id"], attached["subnet_id"]) == (port.id, subnet.id)
    shown = sdk.network.get_port(port.id)
    assert (shown.device_id, shown.device_owner) == (router.id,
                                                     "network:router_interface")
    assert shown.fixed_ips == [{"subnet_id": subnet.id, "ip_address": address}]
    # its fixed_ips may be "updated" to what it has; a change is refused
    same = api("PUT", f"/ports/{port.id}", json={"port": {
        "fixed_ips": [{"subnet_id": subnet.id}]}})
    assert same.status_code == 200 and \
        same.json()["port"]["fixed_ips"][0]["subnet_id"] == subnet.id
    neutron_fault(api("PUT", f"/ports/{port.id}", json={"port": {
        "fixed_ips": [{"subnet_id": subnet.id, "ip_address": "10.243.1.9"}]}}), 400)
    neutron_fault(api("DELETE", f"/ports/{port.id}"), 409, "PortInUse")
    neutron_fault(api("DELETE", f"/subnets/{subnet.id}"), 409, "SubnetInUse")
    # removing the interface by port deletes the port, as Neutron does
    sdk.network.remove_interface_from_router(router, port_id=port.id)
    assert sdk.network.find_port(port.id) is None
    # and by subnet
    other = sdk.network.create_port(network_id=network.id)
    sdk.network.add_interface_to_router(router, port_id=other.id)
    sdk.network.remove_interface_from_router(router, subnet_id=subnet.id)
    assert sdk.network.find_port(other.id) is None
    sdk.network.delete_router(router)
    sdk.network.delete_network(network.id)


def test_the_gateway_port_of_a_router(cloud, tenant):
    sdk, _ = tenant
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "198.51.100.216/30",
                                     "pool": "gw-port-pool"}})
    pool = sdk.network.find_network("gw-port-pool")
    router = sdk.network.create_router(name="gw")
    sdk.network.update_router(router, external_gateway_info={"network_id": pool.id})
    admin = cloud.sdk()
    (gateway,) = admin.network.ports(network_id=pool.id, device_id=router.id,
                                     device_owner="network:router_gateway")
    assert gateway.fixed_ips[0]["subnet_id"] in pool.subnet_ids
    assert admin.network.get_port(gateway.id).device_owner == "network:router_gateway"
    info = sdk.network.get_router(router.id).external_gateway_info
    assert info["external_fixed_ips"] == gateway.fixed_ips
    # the project does not see it (Neutron's belongs to no project)
    assert list(sdk.network.ports(device_owner="network:router_gateway")) == []
    sdk.network.update_router(router, external_gateway_info={})
    assert list(admin.network.ports(device_id=router.id)) == []
    sdk.network.delete_router(router)


def test_binding_attributes_are_the_administrators(cloud, tenant):
    sdk, project = tenant
    api, admin = Neutron(cloud, sdk.session), Neutron(cloud, cloud.session())
    network = sdk.network.create_network(name=f"bind-{uuid.uuid4().hex[:6]}")
    made = admin("POST", "/ports", json={"port": {
        "network_id": network.id, "project_id": project.id,
        "binding:host_id": "host-a", "binding:profile": {"k": "v"}}})
    assert made.status_code == 201, made.text
    port = made.json()["port"]
    assert (port["binding:host_id"], port["binding:vif_type"],
            port["binding:vnic_type"], port["binding:profile"]) == (
        "host-a", "bridge", "normal", {"k": "v"})
    assert port["binding:vif_details"]["port_filter"] is True
    seen = api("GET", f"/ports/{port['id']}").json()["port"]
    assert not [key for key in seen if key.startswith("binding:")]
    neutron_fault(api("PUT", f"/ports/{port['id']}", json={"port": {
        "binding:host_id": "host-b"}}), 403, "PolicyNotAuthorized")
    neutron_fault(api("POST", "/ports", json={"port": {
        "network_id": network.id, "binding:host_id": "host-b"}}), 403,
        "PolicyNotAuthorized")
    unbound = admin("PUT", f"/ports/{port['id']}", json={"port": {
        "binding:host_id": ""}}).json()["port"]
    assert (unbound["binding:host_id"], unbound["binding:vif_type"],
            unbound["binding:vif_details"]) == ("", "unbound", {})
    rebound = admin("PUT", f"/ports/{port['id']}", json={"port": {
        "binding:host_id": "host-c"}}).json()["port"]
    listed = {p["id"]: p for p in admin("GET", "/ports").json()["ports"]}
    assert listed[port["id"]]["binding:host_id"] == rebound["binding:host_id"] == "host-c"
    neutron_fault(admin("PUT", f"/ports/{port['id']}", json={"port": {
        "binding:vnic_type": "direct"}}), 400)
    sdk.network.delete_port(port["id"])
    sdk.network.delete_network(network.id)


def test_a_servers_port_is_bound_to_its_host(cloud, tenant, image_id):
    sdk, _ = tenant
    network = sdk.network.create_network(name=f"hostb-{uuid.uuid4().hex[:6]}")
    sdk.network.create_subnet(network_id=network.id, ip_version=4,
                              cidr="10.243.2.0/28")
    server = sdk.compute.create_server(name="bound", flavor_id="1", image_id=image_id,
                                       networks=[{"uuid": network.id}])
    server = sdk.compute.wait_for_server(server, wait=60)
    admin = cloud.sdk()
    (port,) = admin.network.ports(device_id=server.id)
    host = admin.compute.get_server(server.id).compute_host
    assert (port.binding_host_id, port.binding_vif_type) == (host, "bridge")
    sdk.compute.delete_server(server)
    sdk.compute.wait_for_delete(server, wait=60)
    sdk.network.delete_network(network.id)


def test_a_held_floating_ip_is_no_ones_fixed_ip(cloud):
    admin = Neutron(cloud, cloud.session())
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "198.51.100.224/30",
                                     "pool": "fixed-pool"}})
    sdk = cloud.sdk()
    pool = sdk.network.find_network("fixed-pool")
    floating = sdk.network.create_ip(floating_network_id=pool.id)
    neutron_fault(admin("POST", "/ports", json={"port": {
        "network_id": pool.id,
        "fixed_ips": [{"ip_address": floating.floating_ip_address}]}}), 409,
        "IpAddressAlreadyAllocated")
    sdk.network.delete_ip(floating)


def test_agents_are_the_network_hosts_for_the_administrator(cloud, tenant):
    sdk, _ = tenant
    assert list(sdk.network.agents()) == []
    admin = cloud.sdk()
    agents = list(admin.network.agents())
    assert agents and {a.binary for a in agents} == {"onestack-network"}
    agent = agents[0]
    assert agent.is_alive and agent.is_admin_state_up and agent.host
    api = Neutron(cloud, sdk.session)
    neutron_fault(api("GET", f"/agents/{agent.id}"), 404, "AgentNotFound")
    neutron_fault(api("PUT", f"/agents/{agent.id}", json={"agent": {
        "description": "x"}}), 404, "AgentNotFound")
    changed = admin.network.update_agent(agent, description="the network host")
    assert changed.description == "the network host"
    assert admin.network.get_agent(agent.id).description == "the network host"
    neutron_fault(Neutron(cloud, cloud.session())(
        "GET", f"/agents/{uuid.uuid4()}"), 404, "AgentNotFound")
    extensions = {e["alias"] for e in Neutron(cloud, sdk.session)(
        "GET", "/extensions").json()["extensions"]}
    assert {"agent", "binding"} <= extensions


def test_a_port_with_the_mac_address_asked_for(cloud, tenant):
    sdk, _ = tenant
    api = Neutron(cloud, sdk.session)
    network = sdk.network.create_network(name=f"mac-{uuid.uuid4().hex[:6]}")
    sdk.network.create_subnet(network_id=network.id, ip_version=4,
                              cidr="10.243.3.0/28")
    first = sdk.network.create_port(network_id=network.id)
    mac = first.mac_address
    neutron_fault(api("POST", "/ports", json={"port": {
        "network_id": network.id, "mac_address": mac}}), 409, "MacAddressInUse")
    sdk.network.delete_port(first.id)
    again = sdk.network.create_port(network_id=network.id, mac_address=mac.upper())
    assert sdk.network.get_port(again.id).mac_address == mac
    for bad in ("01:00:5e:00:00:01", "fa:16:3e:00:00", "zz:16:3e:00:00:01", 7):
        neutron_fault(api("POST", "/ports", json={"port": {
            "network_id": network.id, "mac_address": bad}}), 400, "InvalidInput")
    bare = sdk.network.create_network(name=f"mac-bare-{uuid.uuid4().hex[:6]}")
    neutron_fault(api("POST", "/ports", json={"port": {
        "network_id": bare.id, "mac_address": mac}}), 409, "MacAddressInUse")
    sdk.network.delete_port(again.id)
    sdk.network.delete_network(network.id)
    sdk.network.delete_network(bare.id)
