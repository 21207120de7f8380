"""The persona matrix over HTTP for the networking API's networks, subnets,
ports, routers and router interfaces: each request is checked by one rule;
the strongest persona that rule refuses gets 403, the weakest it admits
gets through, and the member of another project gets 404 for project A's
objects. Who is refused and admitted comes from intent.py."""
from __future__ import annotations

import itertools
import string
import uuid

import pytest

from onestack import policy
from onestack.api.neutron.policies.ports import BINDING
from tests.functional.policy.neutron_matrix import Case, fill, persona_for, request_as


N, S, P, R = "/networks", "/subnets", "/ports", "/routers"
CASES = [
    Case("get_network", "GET", N, foreign=None),
    Case("get_network", "GET", N + "/{network}"),
    Case("create_network", "POST", N, {"network": {"name": "m-{unique}"}},
         foreign=None),
    Case("create_network", "POST", N, {"networks": [{"name": "m-{unique}"},
                                                    {"name": "n-{unique}"}]},
         foreign=None),
    Case("create_network:shared", "POST", N, {"network": {
        "name": "s-{unique}", "shared": True}}, foreign=None),
    Case("create_network:router:external", "POST", N, {"network": {
        "name": "e-{unique}", "router:external": True}}, foreign=None),
    Case("update_network", "PUT", N + "/{network}", {"network": {"name": "{unique}"}}),
    Case("update_network:router:external", "PUT", N + "/{bare}", {"network": {
        "router:external": True}}),
    Case("delete_network", "DELETE", N + "/{network}"),
    Case("get_subnet", "GET", S, foreign=None),
    Case("get_subnet", "GET", S + "/{subnet}"),
    Case("create_subnet", "POST", S, {"subnet": {
        "network_id": "{bare}", "ip_version": 4, "cidr": "{cidr}", "gateway_ip": None,
        "host_routes": [{"destination": "10.9.0.0/24", "nexthop": "10.9.1.1"}]}}),
    Case("create_subnet", "POST", S, {"subnets": [{
        "network_id": "{bare}", "ip_version": 4, "cidr": "{cidr}"}]}),
    Case("update_subnet", "PUT", S + "/{subnet}", {"subnet": {"name": "{unique}"}}),
    Case("update_subnet", "PUT", S + "/{subnet}", {"subnet": {
        "host_routes": [{"destination": "10.9.0.0/24", "nexthop": "10.9.1.1"}],
        "enable_dhcp": False, "dns_nameservers": ["10.9.0.53"]}}),
    Case("delete_subnet", "DELETE", S + "/{subnet}"),
    Case("get_port", "GET", P, foreign=None),
    Case("get_port", "GET", P + "/{port}"),
    Case("create_port", "POST", P, {"port": {"network_id": "{network}"}}),
    Case("create_port", "POST", P, {"ports": [{"network_id": "{network}"},
                                              {"network_id": "{bare}"}]}),
    Case("create_port:binding:host_id", "POST", P, {"port": {
        "network_id": "{bare}", "binding:host_id": "h-{unique}"}},
         foreign=403),   # refused before any id is looked up, as Neutron
    Case("create_port:binding:vnic_type", "POST", P, {"port": {
        "network_id": "{bare}", "binding:vnic_type": "normal"}},
         foreign=403),   # refused before any id is looked up, as Neutron
    Case("create_port:binding:profile", "POST", P, {"port": {
        "network_id": "{bare}", "binding:profile": {"k": "{unique}"}}},
         foreign=403),   # refused before any id is looked up, as Neutron
    Case("update_port", "PUT", P + "/{port}", {"port": {"name": "{unique}"}}),
    Case("update_port:binding:host_id", "PUT", P + "/{port}", {"port": {
        "binding:host_id": "h-{unique}"}}),
    Case("update_port:binding:vnic_type", "PUT", P + "/{port}", {"port": {
        "binding:vnic_type": "normal"}}),
    Case("update_port:binding:profile", "PUT", P + "/{port}", {"port": {
        "binding:profile": {"k": "{unique}"}}}),
    Case("delete_port", "DELETE", P + "/{port}"),
    Case("get_router", "GET", R, foreign=None),
    Case("get_router", "GET", R + "/{router}"),
    Case("create_router", "POST", R, {"router": {"name": "m-{unique}"}}, foreign=None),
    Case("update_router", "PUT", R + "/{router}", {"router": {"name": "{unique}"}}),
    Case("delete_router", "DELETE", R + "/{router}"),
    Case("add_router_interface", "PUT", R + "/{router}/add_router_interface",
         {"subnet_id": "{subnet}"}),
    Case("add_router_interface", "PUT", R + "/{router}/add_router_interface",
         {"port_id": "{port}"}),
    Case("remove_router_interface", "PUT", R + "/{wired}/remove_router_interface",
         {"subnet_id": "{wired_subnet}"}),
]

# a /28 each: 10.248.0.0/16 is this module's, no other test's
CIDRS = (f"10.248.{n // 16}.{(n % 16) * 16}/28" for n in itertools.count())


def _made(reply, member: str) -> dict:
    assert reply.status_code == 201, reply.text
    return reply.json()[member]


class Fresh:
    """Project A's objects for one case, made by its member when the case
    names them: a network with a subnet, a network without one, a port, a
    router, a router with an interface on a subnet of its own."""

    def __init__(self, cloud, world):
        self.cloud, self.member = cloud, world["member"]

    def _post(self, path, member, body):
        return _made(request_as(self.cloud, self.member, "POST", path, {member: body}),
                     member)

    def network(self, subnet=True) -> tuple[str, str | None]:
        network = self._post(N, "network", {"name": f"x-{uuid.uuid4().hex[:8]}"})
        if not subnet:
            return network["id"], None
        made = self._post(S, "subnet", {"network_id": network["id"], "ip_version": 4,
                                        "cidr": next(CIDRS)})
        return network["id"], made["id"]

    def ids(self, needed: set[str]) -> dict:
        ids = {}
        if needed & {"network", "subnet", "port"}:
            ids["network"], ids["subnet"] = self.network()
        if "bare" in needed:
            ids["bare"], _ = self.network(subnet=False)
        if "port" in needed:
            ids["port"] = self._post(P, "port", {"network_id": ids["network"]})["id"]
        if "router" in needed:
            ids["router"] = self._post(R, "router", {"name": "r"})["id"]
        if "wired" in needed:
            ids["wired"] = self._post(R, "router", {"name": "w"})["id"]
            _, ids["wired_subnet"] = self.network()
            reply = request_as(self.cloud, self.member, "PUT",
                         f"{R}/{ids['wired']}/add_router_interface",
                         {"subnet_id": ids["wired_subnet"]})
            assert reply.status_code == 200, reply.text
        return ids


def _names(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*map(_names, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(_names, value)) if value else set()
    if isinstance(value, str):
        return {name for _, name, _, _ in string.Formatter().parse(value) if name}
    return set()


@pytest.fixture(scope="module")
def room(cloud, world):
    """Project A without limits on these objects, so that every case may make some."""
    reply = request_as(cloud, world["admin"], "PUT", f"/quotas/{world.project_a}", {
        "quota": {"network": -1, "subnet": -1, "port": -1, "router": -1}})
    assert reply.status_code == 200, reply.text


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_request(cloud, world, room, case):
    made = Fresh(cloud, world).ids(_names(case.path) | _names(case.body))

    def call(persona):
        ids = {**made, "unique": uuid.uuid4().hex[:8], "cidr": next(CIDRS)}
        return request_as(cloud, persona, case.method, fill(case.path, ids),
                    fill(case.body, ids))
    refused = persona_for(world, case, 0)
    if refused is not None:
        reply = call(refused)
        assert reply.status_code == 403, (refused.name, reply.status_code, reply.text)
    if case.foreign is not None:
        reply = call(world["other"])
        assert reply.status_code == case.foreign, ("other", reply.status_code,
                                                   reply.text)
    admitted = persona_for(world, case, 1)
    reply = call(admitted)
    assert reply.status_code < 400, (admitted.name, reply.status_code, reply.text)


# rules that hide attributes rather than refuse a request: test_binding_fields
SHOWN_TO = {f"get_port:{attribute}" for attribute in BINDING}


def test_the_cases_cover_every_rule_of_these_resources():
    wanted = {rule.name for rule in policy.list_rules()
              if any(op["path"].startswith(tuple(f"/v2.0{path}" for path in
                                                 (N, S, P, R)))
                     for op in getattr(rule, "operations", []))}
    assert wanted == {case.rule for case in CASES} | SHOWN_TO


def test_binding_fields_are_shown_to_whom_their_rules_admit(cloud, world, room):
    made = Fresh(cloud, world).ids({"port"})
    for rule in sorted(SHOWN_TO):
        attribute = rule.split(":", 1)[1]
        refused, admitted = (persona_for(world, Case(rule, "GET", P), which)
                             for which in (0, 1))
        for path in (f"{P}/{made['port']}", f"{P}?id={made['port']}"):
            for persona, shown in ((refused, False), (admitted, True)):
                reply = request_as(cloud, persona, "GET", path)
                assert reply.status_code == 200, reply.text
                body = reply.json()
                port = body["port"] if "port" in body else body["ports"][0]
                assert (attribute in port) is shown, (persona.name, rule, port)


def test_agents_are_the_administrators(cloud, world):
    """Anyone else lists none and finds none (404, not 403), as Neutron."""
    refused, admitted = (persona_for(world, Case("get_agent", "GET", "/agents"), which)
                         for which in (0, 1))
    agents = request_as(cloud, admitted, "GET", "/agents").json()["agents"]
    assert agents
    assert request_as(cloud, refused, "GET", "/agents").json() == {"agents": []}
    agent = agents[0]["id"]
    for method, body in (("GET", None), ("PUT", {"agent": {"description": "x"}})):
        reply = request_as(cloud, refused, method, f"/agents/{agent}", body)
        assert reply.status_code == 404, (method, reply.text)
        reply = request_as(cloud, admitted, method, f"/agents/{agent}", body)
        assert reply.status_code == 200, (method, reply.text)
