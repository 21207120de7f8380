"""Every id a request names is looked up in the caller's scope: for the
member of project B, project A's server, server group, security group (and
its rules), key pair, private image, private flavor, floating IP and network
are answered exactly as ids that do not exist."""
from __future__ import annotations

import uuid

import pytest

from tests.functional.policy.personas import boot, default_image
from tests.support.compute_http import Compute

NOBODY = "00000000-0000-4000-8000-000000000000"



@pytest.fixture(scope="module")
def a(cloud, world):
    """Project A's objects: a server, a group, a key pair, a private image,
    and a private flavor A may use."""
    member = Compute(cloud, world["member"].session)
    tag = uuid.uuid4().hex[:8]
    objects = {"public": default_image(cloud), "keypair": f"key-{tag}"}
    objects["server"] = boot(cloud, world["member"], "iso")
    objects["group"] = member("POST", "/os-server-groups", json={"server_group": {
        "name": "iso", "policies": ["affinity"]}}).json()["server_group"]["id"]
    member("POST", "/os-keypairs", json={"keypair": {"name": objects["keypair"]}})
    objects["secgroup_name"] = f"iso-{tag}"
    objects["secgroup"] = member("POST", "/os-security-groups", json={
        "security_group": {"name": objects["secgroup_name"], "description": "d"}}
    ).json()["security_group"]["id"]
    objects["secgroup_rule"] = member("POST", "/os-security-group-rules", json={
        "security_group_rule": {"parent_group_id": objects["secgroup"],
                                "ip_protocol": "tcp", "from_port": 22, "to_port": 22}}
    ).json()["security_group_rule"]["id"]
    objects["image"] = world["member"].session.post(
        cloud.url("image") + "/v2/images", json={
            "name": "a-private", "visibility": "private", "disk_format": "raw",
            "container_format": "bare"}).json()["id"]
    admin = Compute(cloud, cloud.session())
    flavor = admin("POST", "/flavors", json={"flavor": {
        "name": f"a-only-{tag}", "ram": 256, "vcpus": 1, "disk": 0,
        "os-flavor-access:is_public": False}}).json()["flavor"]["id"]
    admin("POST", f"/flavors/{flavor}/action",
          json={"addTenantAccess": {"tenant": world.project_a}})
    objects["flavor"] = flavor
    objects["network"] = admin("POST", "/os-networks", json={"network": {
        "label": f"a-{tag}", "cidr": "10.204.0.0/28",
        "project_id": world.project_a}}).json()["network"]["id"]
    return objects


@pytest.fixture(scope="module")
def b(cloud, world, a):
    """The member of project B, with a server of its own."""
    api = Compute(cloud, world["other"].session)
    api.server = boot(cloud, world["other"], "iso")
    return api


def _same_answer(call, theirs: str, missing: str = NOBODY):
    """The answer for A's id, which must be the answer for an id of nothing
    (but for the id in the message)."""
    mine, none = call(theirs), call(missing)
    assert mine.status_code == none.status_code, (mine.text, none.text)
    assert mine.text.replace(theirs, "ID") == none.text.replace(missing, "ID")
    return mine


@pytest.mark.parametrize("field, value", [
    ("group", "group"), ("key_name", "keypair"), ("imageRef", "image"),
    ("flavorRef", "flavor"), ("security_groups", "secgroup"),
    ("security_groups", "secgroup_name")])
def test_a_boot_cannot_use_another_projects_objects(a, b, field, value):
    def boot(named):
        server = {"name": "x", "imageRef": a["public"], "flavorRef": "1",
                  "networks": "none"}
        body = {"server": server}
        if field == "group":
            body["os:scheduler_hints"] = {"group": named}
        elif field == "security_groups":
            server[field] = [{"name": named}]
        else:
            server[field] = named
        return b("POST", "/servers", "2.79", json=body)
    missing = "no-such-key" if field == "key_name" else \
        "no-such-group" if value == "secgroup_name" else NOBODY
    assert _same_answer(boot, a[value], missing).status_code == 400
    assert b("GET", "/servers?name=x").json()["servers"] == []


@pytest.mark.parametrize("action, body, key, status", [
    ("rebuild", lambda named: {"imageRef": named}, "image", 400),
    ("resize", lambda named: {"flavorRef": named}, "flavor", 400),
    ("addSecurityGroup", lambda named: {"name": named}, "secgroup", 404),
    ("addSecurityGroup", lambda named: {"name": named}, "secgroup_name", 404),
    ("removeSecurityGroup", lambda named: {"name": named}, "secgroup", 404)])
def test_an_action_cannot_use_another_projects_objects(a, b, action, body, key, status):
    def act(named):
        return b("POST", f"/servers/{b.server}/action", json={action: body(named)})
    missing = "no-such-group" if key == "secgroup_name" else NOBODY
    assert _same_answer(act, a[key], missing).status_code == status


@pytest.mark.parametrize("method, path, version", [
    ("GET", "/servers/{server}", None),
    ("PUT", "/servers/{server}", None),
    ("DELETE", "/servers/{server}", None),
    ("POST", "/servers/{server}/action", None),
    ("GET", "/servers/{server}/metadata", None),
    ("GET", "/servers/{server}/tags", "2.26"),
    ("GET", "/servers/{server}/os-instance-actions", None),
    ("GET", "/servers/{server}/migrations", "2.23"),
    ("GET", "/servers/{server}/diagnostics", None),
    ("GET", "/servers/{server}/os-server-password", None),
    ("GET", "/servers/{server}/ips", None),
    ("GET", "/servers/{server}/ips/private", None),
    ("DELETE", "/servers/{server}/os-server-password", None),
    ("GET", "/os-server-groups/{group}", None),
    ("DELETE", "/os-server-groups/{group}", None),
    ("GET", "/os-security-groups/{secgroup}", None),
    ("PUT", "/os-security-groups/{secgroup}", None),
    ("DELETE", "/os-security-groups/{secgroup}", None),
    ("DELETE", "/os-security-group-rules/{secgroup_rule}", None),
    ("GET", "/servers/{server}/os-security-groups", None),
    ("GET", "/flavors/{flavor}", None),
    ("GET", "/images/{image}", None),
    ("GET", "/os-networks/{network}", None),
    ("GET", "/os-tenant-networks/{network}", None),
    ("DELETE", "/os-tenant-networks/{network}", None),
])
def test_another_projects_ids_are_not_found(a, b, method, path, version):
    key = path.split("{")[1].split("}")[0]
    body = {"security_group": {"name": "mine", "description": "d"}} \
        if path.startswith("/os-security-groups") else \
        {"server": {"name": "mine"}} if method == "PUT" else \
        {"os-stop": None} if method == "POST" else None

    def call(named):
        return b(method, path.format(**{key: named}), version, json=body)
    assert _same_answer(call, a[key]).status_code == 404


@pytest.mark.parametrize("body", [{"injectNetworkInfo": None},
                                  {"os-resetState": {"state": "error"}}])
def test_another_projects_server_is_not_found_to_admin_actions(a, b, body):
    def call(named):
        return b("POST", f"/servers/{named}/action", json=body)
    assert _same_answer(call, a["server"]).status_code == 404


@pytest.fixture(scope="module")
def floating(cloud, world):
    """Project A's floating IP, on a server of A; and a server of B with a
    fixed IP of its own."""
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "192.0.2.96/28", "pool": "iso"}})
    member = Compute(cloud, world["member"].session)
    held = member("POST", "/os-floating-ips",
                  json={"pool": "iso"}).json()["floating_ip"]
    server = boot(cloud, world["member"], "iso-fip", networks="auto")
    member("POST", f"/servers/{server}/action",
           json={"addFloatingIp": {"address": held["ip"]}})
    return {"id": held["id"], "ip": held["ip"], "server": server,
            "b_server": boot(cloud, world["other"], "iso-fip", networks="auto")}


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_another_projects_floating_ip_is_not_found(b, floating, method):
    def call(named):
        return b(method, f"/os-floating-ips/{named}")
    assert _same_answer(call, floating["id"]).status_code == 404


@pytest.mark.parametrize("action", ["addFloatingIp", "removeFloatingIp"])
def test_another_projects_floating_address_is_as_one_that_does_not_exist(
        b, floating, action):
    def act(address):
        return b("POST", f"/servers/{floating['b_server']}/action",
                 json={action: {"address": address}})
    assert _same_answer(act, floating["ip"], "203.0.113.250").status_code == 404


def test_another_projects_floating_ips_stay_where_they_are(cloud, world, b, floating):
    assert floating["id"] not in {held["id"] for held in
                                  b("GET", "/os-floating-ips").json()["floating_ips"]}
    assert b("POST", f"/servers/{floating['server']}/action", json={
        "removeFloatingIp": {"address": floating["ip"]}}).status_code == 404
    assert b("GET", "/os-floating-ips-bulk").status_code == 403
    mine = Compute(cloud, world["member"].session)(
        "GET", f"/os-floating-ips/{floating['id']}").json()["floating_ip"]
    assert mine["instance_id"] == floating["server"]


@pytest.mark.parametrize("field", ["parent_group_id", "group_id"])
def test_a_rule_cannot_name_another_projects_group(a, b, field):
    mine = b("POST", "/os-security-groups", json={"security_group": {
        "name": f"b-{uuid.uuid4().hex[:8]}", "description": "d"}}
    ).json()["security_group"]["id"]

    def create(named):
        rule = {"parent_group_id": mine, "ip_protocol": "tcp"}
        rule[field] = named
        return b("POST", "/os-security-group-rules", json={"security_group_rule": rule})
    assert _same_answer(create, a["secgroup"]).status_code == 404


def test_a_boot_cannot_use_another_projects_network(a, b):
    def boot(named):
        return b("POST", "/servers", "2.79", json={"server": {
            "name": "x", "imageRef": a["public"], "flavorRef": "1",
            "networks": [{"uuid": named}]}})
    assert _same_answer(boot, a["network"]).status_code == 400
    assert a["network"] not in {n["id"] for n in b("GET", "/os-networks").json()[
        "networks"]}


def test_another_projects_fixed_ip_tells_nothing(a, b):
    """os-fixed-ips is the admin's: B is refused alike for an address of A's
    network and for one of no network at all."""
    for path in ("/os-fixed-ips/{}", "/os-fixed-ips/{}/action"):
        def call(named, path=path):
            method = "POST" if path.endswith("action") else "GET"
            return b(method, path.format(named), json={"reserve": None}
                     if method == "POST" else None)
        assert _same_answer(call, "10.204.0.2", "192.0.2.77").status_code == 403


def test_another_users_key_pair_is_not_found(a, b):
    def call(named):
        return b("GET", f"/os-keypairs/{named}")
    assert _same_answer(call, a["keypair"], "no-such-key").status_code == 404


@pytest.mark.parametrize("method, path", [
    ("GET", "/v2/images/{image}"), ("DELETE", "/v2/images/{image}"),
    ("GET", "/v2/images/{image}/members"), ("GET", "/v2/images/{image}/file"),
    ("POST", "/v2/images/{image}/members")])
def test_another_projects_private_image_is_not_found(cloud, world, a, method, path):
    url = cloud.url("image")
    body = {"member": world.project_b} if method == "POST" else None

    def call(named):
        return world["other"].session.request(url + path.format(image=named), method,
                                              json=body, raise_exc=False)
    assert _same_answer(call, a["image"]).status_code == 404


@pytest.mark.parametrize("path", [
    "/os-simple-tenant-usage/{project}", "/os-quota-sets/{project}",
    "/os-quota-sets/{project}/detail", "/limits?tenant_id={project}"])
def test_another_project_is_refused_as_one_that_does_not_exist(world, b, path):
    def call(named):
        return b("GET", path.format(project=named))
    assert _same_answer(call, world.project_a, uuid.uuid4().hex).status_code == 403


def test_listings_stay_in_the_callers_project(world, a, b):
    assert b("GET", "/servers?all_tenants=1").status_code == 403
    for path, key in ((f"/servers?project_id={world.project_a}", "servers"),
                      ("/os-server-groups?all_projects=True", "server_groups"),
                      ("/os-security-groups?all_tenants=1", "security_groups")):
        ids = {item["id"] for item in b("GET", path).json()[key]}
        assert not ids & {a["server"], a["group"], a["secgroup"]}
    assert b("GET", f"/os-migrations?project_id={world.project_a}").status_code == 403
    assert b("POST", "/os-server-external-events", json={"events": [
        {"name": "network-changed", "server_uuid": a["server"]}]}).status_code == 403
