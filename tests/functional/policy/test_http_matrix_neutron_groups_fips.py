"""The persona matrix over HTTP for the networking API's security groups,
rules, floating IPs and quotas: each request is checked by one rule; the
strongest persona that rule refuses gets 403, the weakest it admits gets
through, and the member of another project gets 404 for project A's
objects. Who is refused and admitted comes from intent.py."""
from __future__ import annotations

import uuid

import pytest

from onestack import policy
from tests.support.compute_http import Compute
from tests.functional.policy.neutron_matrix import Case, fill, persona_for, request_as


G, R, F, Q = "/security-groups", "/security-group-rules", "/floatingips", "/quotas"
CASES = [
    Case("get_security_group", "GET", G, foreign=None),
    Case("get_security_group", "GET", G + "/{group}"),
    Case("get_security_group_rule", "GET", R, foreign=None),
    Case("get_security_group_rule", "GET", R + "/{rule}"),
    Case("get_floatingip", "GET", F, foreign=None),
    Case("get_floatingip", "GET", F + "/{fip}"),
    Case("get_quota", "GET", Q + "/{project}", foreign=403),
    Case("get_quota", "GET", Q + "/{project}/details", foreign=403),
    Case("get_quota", "GET", Q + "/{project}/default", foreign=403),
    Case("get_quotas", "GET", Q, foreign=403),
    Case("create_security_group", "POST", G,
         {"security_group": {"name": "m-{unique}"}}, foreign=None),
    Case("update_security_group", "PUT", G + "/{group}",
         {"security_group": {"description": "{unique}"}}),
    Case("create_security_group_rule", "POST", R, {"security_group_rule": {
        "security_group_id": "{group}", "direction": "ingress", "protocol": "tcp",
        "port_range_min": "{port}", "port_range_max": "{port}"}}),
    Case("create_floatingip", "POST", F, {"floatingip": {
        "floating_network_id": "{pool}"}}, foreign=None),
    Case("create_floatingip:floating_ip_address", "POST", F, {"floatingip": {
        "floating_network_id": "{pool}", "floating_ip_address": "{address}"}},
        foreign=None),
    Case("update_floatingip", "PUT", F + "/{fip}", {"floatingip": {"port_id": None}}),
    Case("update_quota", "PUT", Q + "/{project}", {"quota": {"router": 7}},
         foreign=403),
    Case("delete_quota", "DELETE", Q + "/{project}", foreign=403),
    Case("delete_security_group_rule", "DELETE", R + "/{rule}"),
    Case("delete_floatingip", "DELETE", F + "/{fip}"),
    Case("delete_security_group", "DELETE", G + "/{group}"),
]


@pytest.fixture(scope="module")
def objects(cloud, world):
    """Project A's group with a rule and floating IP, made by its member;
    each admitted write gets fresh ones (see _fresh)."""
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "100.65.0.0/24", "pool": "nmatrix"}})
    return {"project": world.project_a,
            "pool": cloud.sdk().network.find_network("nmatrix").id,
            "addresses": [f"100.65.0.{i}" for i in range(150, 255)]}


def _fresh(cloud, world, objects) -> dict:
    """A group with a rule and a floating IP of project A, for one case
    (with room for them: a case before may have reset A's quotas)."""
    request_as(cloud, world["admin"], "PUT", f"{Q}/{objects['project']}", {"quota": {
        "security_group": -1, "security_group_rule": -1, "floatingip": -1}})
    member = world["member"]
    group = request_as(cloud, member, "POST", G, {"security_group": {
        "name": f"x-{uuid.uuid4().hex[:8]}"}}).json()["security_group"]
    rule = request_as(cloud, member, "POST", R, {"security_group_rule": {
        "security_group_id": group["id"], "direction": "egress",
        "protocol": "udp", "port_range_min": 53, "port_range_max": 53}}).json()[
        "security_group_rule"]
    fip = request_as(cloud, member, "POST", F, {"floatingip": {
        "floating_network_id": objects["pool"]}}).json()["floatingip"]
    return {"group": group["id"], "rule": rule["id"], "fip": fip["id"]}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_request(cloud, world, objects, case):
    made = _fresh(cloud, world, objects)

    def call(persona, port):
        address = objects["addresses"].pop()
        ids = {**objects, **made, "unique": uuid.uuid4().hex[:8], "port": port,
               "address": address}
        return request_as(cloud, persona, case.method, fill(case.path, ids),
                    fill(case.body, ids))
    refused = persona_for(world, case, 0)
    if refused is not None:
        reply = call(refused, 1001)
        assert reply.status_code == 403, (refused.name, reply.status_code, reply.text)
    if case.foreign is not None:
        reply = call(world["other"], 1002)
        assert reply.status_code == case.foreign, ("other", reply.status_code,
                                                   reply.text)
    admitted = persona_for(world, case, 1)
    reply = call(admitted, 1003)
    assert reply.status_code < 400, (admitted.name, reply.status_code, reply.text)


def test_the_cases_cover_every_rule_of_these_resources():
    wanted = {rule.name for rule in policy.list_rules()
              if any(op["path"].startswith(("/v2.0/security-group", "/v2.0/floatingips",
                                            "/v2.0/quotas"))
                     for op in getattr(rule, "operations", []))}
    assert wanted == {case.rule for case in CASES}
