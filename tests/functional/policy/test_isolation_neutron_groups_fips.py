"""The networking API looks ids up in the caller's scope too: for the member
of project B, project A's security groups, their rules, floating IPs and
ports are answered exactly as ids that do not exist, and A's quotas are
refused as another project's."""
from __future__ import annotations

import uuid

import pytest

from tests.functional.policy.personas import boot
from tests.support.compute_http import Compute
from tests.support.neutron_http import Neutron
from tests.functional.policy.neutron_matrix import same_answer


@pytest.fixture(scope="module")
def a(cloud, world):
    """Project A's group with a rule, floating IP and server port."""
    member = Neutron(cloud, world["member"].session)
    group = member("POST", "/security-groups", json={"security_group": {
        "name": f"niso-{uuid.uuid4().hex[:8]}"}}).json()["security_group"]
    rule = member("POST", "/security-group-rules", json={"security_group_rule": {
        "security_group_id": group["id"], "direction": "ingress", "protocol": "tcp",
        "port_range_min": 22, "port_range_max": 22}}).json()["security_group_rule"]
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "192.0.2.160/28", "pool": "niso"}})
    pool = cloud.sdk().network.find_network("niso")
    server = boot(cloud, world["member"], "niso", networks="auto")
    port = member("GET", f"/ports?device_id={server}").json()["ports"][0]
    fip = member("POST", "/floatingips", json={"floatingip": {
        "floating_network_id": pool.id, "port_id": port["id"]}}).json()["floatingip"]
    return {"group": group["id"], "rule": rule["id"], "fip": fip["id"],
            "port": port["id"], "pool": pool.id}


@pytest.fixture(scope="module")
def b(cloud, world, a):
    return Neutron(cloud, world["other"].session)


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/security-groups/{group}", None),
    ("PUT", "/security-groups/{group}", {"security_group": {"name": "mine"}}),
    ("DELETE", "/security-groups/{group}", None),
    ("GET", "/security-group-rules/{rule}", None),
    ("DELETE", "/security-group-rules/{rule}", None),
    ("GET", "/floatingips/{fip}", None),
    ("PUT", "/floatingips/{fip}", {"floatingip": {"port_id": None}}),
    ("DELETE", "/floatingips/{fip}", None),
])
def test_another_projects_ids_are_not_found(a, b, method, path, body):
    key = path.split("{")[1].split("}")[0]

    def call(named):
        return b(method, path.format(**{key: named}), json=body)
    assert same_answer(call, a[key]).status_code == 404


@pytest.mark.parametrize("field", ["security_group_id", "remote_group_id"])
def test_a_rule_cannot_name_another_projects_group(a, b, field):
    mine = b("POST", "/security-groups", json={"security_group": {
        "name": f"b-{uuid.uuid4().hex[:8]}"}}).json()["security_group"]["id"]

    def create(named):
        rule = {"security_group_id": mine, "direction": "ingress", field: named}
        return b("POST", "/security-group-rules", json={"security_group_rule": rule})
    assert same_answer(create, a["group"]).status_code == 404


def test_a_floating_ip_cannot_take_another_projects_port(a, b):
    def create(named):
        return b("POST", "/floatingips", json={"floatingip": {
            "floating_network_id": a["pool"], "port_id": named}})
    assert same_answer(create, a["port"]).status_code == 404


def test_listings_stay_in_the_callers_project(a, b):
    for path, key, mine in (("/security-groups", "security_groups", a["group"]),
                            ("/security-group-rules", "security_group_rules",
                             a["rule"]),
                            ("/floatingips", "floatingips", a["fip"])):
        assert mine not in {item["id"] for item in b("GET", path).json()[key]}
        assert b("GET", f"{path}?id={mine}").json()[key] == []


@pytest.mark.parametrize("path", ["/quotas/{project}", "/quotas/{project}/details"])
def test_another_projects_quotas_are_refused_as_any_other(world, b, path):
    def call(named):
        return b("GET", path.format(project=named))
    assert same_answer(call, world.project_a, uuid.uuid4().hex).status_code == 403
