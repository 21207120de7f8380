"""The networking API looks ids up in the caller's scope: for the member of
project B, project A's networks, subnets, ports and routers are answered
exactly as ids that do not exist (NetworkNotFound, SubnetNotFound, ...),
whether B names them in the path or in a body."""
from __future__ import annotations

import uuid

import pytest

from tests.support.neutron_http import Neutron, neutron_fault
from tests.functional.policy.neutron_matrix import same_answer


def _made(reply, member: str) -> dict:
    assert reply.status_code == 201, reply.text
    return reply.json()[member]


def _network(api, cidr: str | None) -> tuple[str, str | None]:
    network = _made(api("POST", "/networks", json={"network": {
        "name": f"niso-{uuid.uuid4().hex[:8]}"}}), "network")
    if cidr is None:
        return network["id"], None
    subnet = _made(api("POST", "/subnets", json={"subnet": {
        "network_id": network["id"], "ip_version": 4, "cidr": cidr}}), "subnet")
    return network["id"], subnet["id"]


@pytest.fixture(scope="module")
def a(cloud, world):
    """Project A's network with a subnet, a network without one, a port on
    each, and a router with an interface on the subnet and one made from a
    port of a third network."""
    member = Neutron(cloud, world["member"].session)
    network, subnet = _network(member, "10.249.0.0/28")
    bare, _ = _network(member, None)
    port = _made(member("POST", "/ports", json={"port": {"network_id": network}}),
                 "port")["id"]
    router = _made(member("POST", "/routers", json={"router": {"name": "a"}}),
                   "router")["id"]
    attached = member("PUT", f"/routers/{router}/add_router_interface",
                      json={"subnet_id": subnet})
    assert attached.status_code == 200, attached.text
    bare_port = _made(member("POST", "/ports", json={"port": {"network_id": bare}}),
                      "port")["id"]
    wired, _ = _network(member, "10.249.0.48/28")
    wired_port = _made(member("POST", "/ports", json={"port": {"network_id": wired}}),
                       "port")["id"]
    by_port = member("PUT", f"/routers/{router}/add_router_interface",
                     json={"port_id": wired_port})
    assert by_port.status_code == 200, by_port.text
    return {"network": network, "subnet": subnet, "bare": bare, "port": port,
            "router": router, "interface": attached.json()["port_id"],
            "bare_port": bare_port, "port_interface": wired_port}


@pytest.fixture(scope="module")
def b(cloud, world, a):
    """The member of project B, with a network, subnet and router of its own."""
    api = Neutron(cloud, world["other"].session)
    api.network, api.subnet = _network(api, "10.249.0.16/28")
    api.router = _made(api("POST", "/routers", json={"router": {"name": "b"}}),
                       "router")["id"]
    return api


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/networks/{network}", None),
    ("PUT", "/networks/{network}", {"network": {"name": "mine"}}),
    ("DELETE", "/networks/{network}", None),
    ("DELETE", "/networks/{bare}", None),
    ("GET", "/subnets/{subnet}", None),
    ("PUT", "/subnets/{subnet}", {"subnet": {"name": "mine"}}),
    ("DELETE", "/subnets/{subnet}", None),
    ("GET", "/ports/{port}", None),
    ("GET", "/ports/{interface}", None),
    ("GET", "/ports/{bare_port}", None),
    ("PUT", "/ports/{bare_port}", {"port": {"name": "mine"}}),
    ("DELETE", "/ports/{bare_port}", None),
    ("GET", "/ports/{port_interface}", None),
    ("PUT", "/ports/{port_interface}", {"port": {"name": "mine"}}),
    ("PUT", "/ports/{port}", {"port": {"name": "mine"}}),
    ("DELETE", "/ports/{port}", None),
    ("GET", "/routers/{router}", None),
    ("PUT", "/routers/{router}", {"router": {"name": "mine"}}),
    ("DELETE", "/routers/{router}", None),
    ("PUT", "/routers/{router}/remove_router_interface", {"subnet_id": "{subnet}"}),
])
def test_another_projects_ids_are_not_found(a, b, method, path, body):
    key = path.split("{")[1].split("}")[0]

    def call(named):
        filled = {k: (a[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v)
                  for k, v in (body or {}).items()}
        return b(method, path.format(**{key: named}), json=body and filled)
    kind = {"network": "Network", "bare": "Network", "subnet": "Subnet", "port": "Port",
            "interface": "Port", "router": "Router", "bare_port": "Port",
            "port_interface": "Port"}[key]
    neutron_fault(same_answer(call, a[key]), 404, f"{kind}NotFound")


def test_another_projects_router_takes_no_interface_of_mine(a, b):
    def call(named):
        return b("PUT", f"/routers/{named}/add_router_interface",
                 json={"subnet_id": b.subnet})
    neutron_fault(same_answer(call, a["router"]), 404, "RouterNotFound")


@pytest.mark.parametrize("theirs, kind, request_of", [
    ("bare", "NetworkNotFound", lambda b, named: ("POST", "/subnets", {"subnet": {
        "network_id": named, "ip_version": 4, "cidr": "10.249.0.32/28"}})),
    ("network", "NetworkNotFound", lambda b, named: (
        "POST", "/ports", {"port": {"network_id": named}})),
    ("bare", "NetworkNotFound", lambda b, named: (
        "POST", "/ports", {"port": {"network_id": named}})),
    ("network", "NetworkNotFound", lambda b, named: (
        "POST", "/ports", {"ports": [{"network_id": b.network}, {"network_id": named}]})),
    ("bare", "NetworkNotFound", lambda b, named: ("POST", "/subnets", {"subnets": [{
        "network_id": named, "ip_version": 4, "cidr": "10.249.0.32/28"}]})),
    ("port", "PortNotFound", lambda b, named: (
        "PUT", f"/routers/{b.router}/add_router_interface", {"port_id": named})),
    ("port_interface", "RouterInterfaceNotFound", lambda b, named: (
        "PUT", f"/routers/{b.router}/remove_router_interface", {"port_id": named})),
    ("subnet", "SubnetNotFound", lambda b, named: (
        "PUT", f"/routers/{b.router}/add_router_interface", {"subnet_id": named})),
    ("subnet", "RouterInterfaceNotFound", lambda b, named: (
        "PUT", f"/routers/{b.router}/remove_router_interface", {"subnet_id": named})),
    ("interface", "RouterInterfaceNotFound", lambda b, named: (
        "PUT", f"/routers/{b.router}/remove_router_interface", {"port_id": named})),
], ids=["subnet-on-network", "port-on-network", "port-on-bare-network",
        "bulk-ports", "bulk-subnets", "add-interface-port", "remove-port-interface",
        "add-interface-subnet", "remove-interface-subnet", "remove-interface-port"])
def test_a_body_cannot_name_another_projects_objects(a, b, theirs, kind, request_of):
    def call(named):
        method, path, body = request_of(b, named)
        return b(method, path, json=body)
    neutron_fault(same_answer(call, a[theirs]), 404, kind)


def test_listings_stay_in_the_callers_project(a, b):
    for path, key, mine in (("/networks", "networks", a["network"]),
                            ("/networks", "networks", a["bare"]),
                            ("/subnets", "subnets", a["subnet"]),
                            ("/ports", "ports", a["port"]),
                            ("/ports", "ports", a["interface"]),
                            ("/ports", "ports", a["bare_port"]),
                            ("/ports", "ports", a["port_interface"]),
                            ("/routers", "routers", a["router"])):
        assert mine not in {item["id"] for item in b("GET", path).json()[key]}
        assert b("GET", f"{path}?id={mine}").json()[key] == []
    assert b("GET", f"/ports?device_id={a['router']}").json()["ports"] == []
    assert b("GET", f"/subnets?network_id={a['network']}").json()["subnets"] == []
