"""The fuzz suite's own cloud, and the world it fuzzes: three personas and,
for every path parameter, ids of objects that exist (made here, owned by
nobody the personas depend on, so that no fuzzed request can lock them out).
"""
from __future__ import annotations

import dataclasses
import uuid

import pytest
import requests

from onestack.network import pools
from tests.fuzz import seeds
from tests.fuzz.seeds import PASSWORD
from tests.support.cloud import ADMIN_PASSWORD, Cloud
from tests.support.processes import wait_for


@pytest.fixture(scope="package")
def cloud(tmp_path_factory):
    instance = Cloud(str(tmp_path_factory.mktemp("fuzz-cloud")))
    yield instance
    instance.stop()


@dataclasses.dataclass
class World:
    urls: dict                 # api -> base URL
    tokens: dict               # persona -> token (None: unauthenticated)
    ids: dict                  # (api, path parameter) -> existing values
    fields: dict               # body key -> existing values (imageRef, ...)
    seeds: dict                # "METHOD template" -> bodies that are accepted

    def __repr__(self):
        return "World()"  # hypothesis prints the arguments of a failing example


class Admin:
    """Raw JSON calls as the cloud's admin while the world is made."""

    def __init__(self, cloud):
        self.cloud = cloud
        self.token = cloud.session().get_token()

    def __call__(self, api, method, path, body=None, token=None, **headers):
        reply = requests.request(method, self.cloud.url(api) + path, json=body,
                                 headers={"X-Auth-Token": token or self.token,
                                          "Accept": "application/json", **headers})
        assert reply.status_code < 300, (method, path, reply.text)
        return reply.json() if reply.content else None


def _token(cloud, user, project) -> str:
    return cloud.session(user, PASSWORD, project).get_token()


def _identity(admin, name) -> dict:
    """A domain, a project in default and a user with the member role on it,
    a role, and credentials: objects for the identity routes to act on."""
    domain = admin("identity", "POST", "/v3/domains",
                   {"domain": {"name": name}})["domain"]
    project = admin("identity", "POST", "/v3/projects",
                    {"project": {"name": name}})["project"]
    user = admin("identity", "POST", "/v3/users", {"user": {
        "name": name, "password": PASSWORD, "default_project_id": project["id"]}})["user"]
    roles = admin("identity", "GET", "/v3/roles")["roles"]
    member_role = next(r["id"] for r in roles if r["name"] == "member")
    admin("identity", "PUT", f"/v3/projects/{project['id']}/users/{user['id']}/roles/"
          f"{member_role}")
    role = admin("identity", "POST", "/v3/roles", {"role": {"name": name}})["role"]
    return {"domain": domain, "project": project, "user": user, "role": role}


def _ec2_and_credential(admin, user, project):
    ec2 = admin("identity", "POST", f"/v3/users/{user['id']}/credentials/OS-EC2",
                {"tenant_id": project["id"]})["credential"]
    other = admin("identity", "POST", "/v3/credentials", {"credential": {
        "type": "totp", "blob": "secret", "user_id": user["id"]}})["credential"]
    return ec2, other


def _compute(cloud, admin, member_token, image_id) -> dict:
    """Objects of the member's project (a server with metadata and a tag, a key
    pair, a server group, a floating IP, a security group with a rule) and of
    the admin (a flavor, an aggregate, a floating IP pool, a network)."""
    def as_member(method, path, body=None):
        return admin("compute", method, "/v2.1" + path, body, token=member_token,
                     **{"OpenStack-API-Version": "compute 2.79"})
    server = as_member("POST", "/servers", {"server": {
        "name": "fuzzed", "imageRef": image_id, "flavorRef": "1", "networks": "none",
        "metadata": {"k1": "v1"}, "tags": ["t1"]}})["server"]
    wait_for(lambda: as_member("GET", f"/servers/{server['id']}")["server"]["status"]
             == "ACTIVE", what="the fuzzed server to be ACTIVE")
    keypair = as_member("POST", "/os-keypairs",
                        {"keypair": {"name": "fuzzed"}})["keypair"]
    group = as_member("POST", "/os-server-groups", {"server_group": {
        "name": "fuzzed", "policy": "anti-affinity"}})["server_group"]
    secgroup = as_member("POST", "/os-security-groups", {"security_group": {
        "name": "fuzzed", "description": "d"}})["security_group"]
    secgroup_rule = as_member("POST", "/os-security-group-rules", {
        "security_group_rule": {"parent_group_id": secgroup["id"], "ip_protocol": "udp",
                                "from_port": 53, "to_port": 53}})["security_group_rule"]
    flavor = admin("compute", "POST", "/v2.1/flavors", {"flavor": {
        "name": "fuzzed", "ram": 64, "vcpus": 1, "disk": 1,
        "id": "fuzzed"}})["flavor"]
    aggregate = admin("compute", "POST", "/v2.1/os-aggregates", {"aggregate": {
        "name": "fuzzed"}})["aggregate"]
    admin("compute", "POST", "/v2.1/os-floating-ips-bulk", {
        "floating_ips_bulk_create": {"ip_range": "192.0.2.0/28", "pool": "fuzzed"}})
    floating = as_member("POST", "/os-floating-ips", {"pool": "fuzzed"})["floating_ip"]
    network = admin("compute", "POST", "/v2.1/os-networks", {"network": {
        "label": "fuzzed", "cidr": "10.99.0.0/24"}})["network"]
    nodes = admin("compute", "GET", "/v2.1/os-hypervisors")["hypervisors"]
    services = admin("compute", "GET", "/v2.1/os-services")["services"] + admin(
        "compute", "GET", "/v2.1/os-services",
        **{"OpenStack-API-Version": "compute 2.53"})["services"]
    return {"server": server, "keypair": keypair, "group": group, "flavor": flavor,
            "aggregate": aggregate, "nodes": nodes, "services": services,
            "floating": floating,
            "secgroup": secgroup, "secgroup_rule": secgroup_rule,
            "network": network}


def _images(cloud, admin, member_token, other_project) -> tuple[dict, dict]:
    def as_member(method, path, body=None, **headers):
        return admin("image", method, path, body, token=member_token, **headers)
    queued = as_member("POST", "/v2/images", {"name": "fuzzed-queued",
                                              "tags": ["t1"]})
    active = as_member("POST", "/v2/images", {"name": "fuzzed-active",
                                              "disk_format": "raw",
                                              "container_format": "bare",
                                              "visibility": "shared"})
    reply = requests.put(cloud.url("image") + f"/v2/images/{active['id']}/file",
                         data=b"fuzz" * 100, headers={
                             "X-Auth-Token": member_token,
                             "Content-Type": "application/octet-stream"})
    assert reply.status_code == 204, reply.text
    as_member("POST", f"/v2/images/{active['id']}/members",
              {"member": other_project["id"]})
    return queued, active


def _compute_ids(admin, compute, images, projects) -> dict:
    nodes = compute["nodes"] + admin("compute", "GET", "/v2.1/os-hypervisors", **{
        "OpenStack-API-Version": "compute 2.53"})["hypervisors"]
    ids = {
        "server_id": [compute["server"]["id"]], "key": ["k1"], "tag": ["t1"],
        "network_label": ["private", "nope"],
        "class_name": ["default"],
        "service_id": [s["id"] for s in compute["services"]] + [
            "enable", "disable", "disable-log-reason", "force-down"],
        "hypervisor": [n["id"] for n in nodes] + [n["hypervisor_hostname"]
                                                  for n in nodes],
        # "delete" for PUT /os-floating-ips-bulk/delete
        "host_name": sorted({s["host"] for s in compute["services"]}) + ["delete"],
        "tenant_id": projects, "project_id": projects,
        "before": ["2020-01-01 00:00:00"], "migration_id": ["1"],
        "request_id": ["req-1"], "image_id": [image["id"] for image in images],
        "flavor_id": [compute["flavor"]["id"]], "name": [compute["keypair"]["name"]],
        "aggregate_id": [str(compute["aggregate"]["id"])],
        "group_id": [compute["group"]["id"]], "alias": ["os-keypairs"],
        "floating_ip_id": [compute["floating"]["id"]],
        "security_group_id": [compute["secgroup"]["id"]],
        "security_group_rule_id": [compute["secgroup_rule"]["id"]],
        "network_id": [compute["network"]["id"]], "fixed_ip": ["10.99.0.5"]}
    return {("compute", name): values for name, values in ids.items()}


def _identity_ids(admin, victim, ec2, credential, victim_token) -> dict:
    ids = {
        "domain_id": [victim["domain"]["id"]], "project_id": [victim["project"]["id"]],
        "user_id": [victim["user"]["id"]], "role_id": [victim["role"]["id"]],
        "service_id": [s["id"] for s in admin("identity", "GET",
                                               "/v3/services")["services"]],
        "endpoint_id": [e["id"] for e in admin("identity", "GET",
                                                "/v3/endpoints")["endpoints"]],
        "access": [ec2["access"]], "credential_id": [credential["id"]],
        "token_id": [victim_token]}
    return {("identity", name): values for name, values in ids.items()}


def _network_ids(admin, member_token) -> dict:
    """A network with its subnet and two ports, a network without a subnet
    and a router of the member's project, the agents, and the extension
    aliases."""
    def as_member(method, path, body=None):
        return admin("network", method, "/v2.0" + path, body, token=member_token)
    network = as_member("POST", "/networks", {"network": {"name": "fuzzed"}})["network"]
    subnet = as_member("POST", "/subnets", {"subnet": {
        "network_id": network["id"], "ip_version": 4,
        "cidr": "10.251.0.0/24"}})["subnet"]
    port = as_member("POST", "/ports", {"port": {"network_id": network["id"]}})["port"]
    spare = as_member("POST", "/ports", {"port": {"network_id": network["id"]}})["port"]
    bare = as_member("POST", "/networks", {"network": {"name": "fuzzed-bare"}})["network"]
    router = as_member("POST", "/routers", {"router": {"name": "fuzzed"}})["router"]
    agents = admin("network", "GET", "/v2.0/agents")["agents"]
    return {("network", "network_id"): [network["id"]],
            ("network", "subnet_id"): [subnet["id"]],
            ("network", "port_id"): [port["id"]],
            ("network", "spare_port_id"): [spare["id"]],
            ("network", "bare_network_id"): [bare["id"]],
            ("network", "router_id"): [router["id"]],
            ("network", "agent_id"): [agent["id"] for agent in agents],
            ("network", "alias"): ["router", "external-net", "binding", "agent"]}


def _network_b_ids(admin, member_token, projects) -> dict:
    """A security group with a rule and a floating IP (of the `fuzzed` pool)
    of the member's project, and the projects whose quotas are read."""
    def as_member(method, path, body=None):
        return admin("network", method, "/v2.0" + path, body, token=member_token)
    group = as_member("POST", "/security-groups", {"security_group": {
        "name": "fuzzed-neutron"}})["security_group"]
    rule = as_member("POST", "/security-group-rules", {"security_group_rule": {
        "security_group_id": group["id"], "direction": "egress", "protocol": "udp",
        "port_range_min": 53, "port_range_max": 53}})["security_group_rule"]
    fip = as_member("POST", "/floatingips", {"floatingip": {
        "floating_network_id": pools.network_id("fuzzed")}})["floatingip"]
    return {("network", "group_id"): [group["id"]],
            ("network", "rule_id"): [rule["id"]],
            ("network", "floating_id"): [fip["id"]],
            ("network", "project_id"): projects,
            ("network", "pool_network_id"): [fip["floating_network_id"]]}


@pytest.fixture(scope="package")
def world(cloud) -> World:
    admin = Admin(cloud)
    name = "fuzz-" + uuid.uuid4().hex[:6]
    member = _identity(admin, name + "-member")     # the member persona's own
    victim = _identity(admin, name + "-victim")     # what identity routes act on
    member_token = _token(cloud, member["user"]["name"], member["project"]["name"])
    victim_token = _token(cloud, victim["user"]["name"], victim["project"]["name"])
    ec2, credential = _ec2_and_credential(admin, victim["user"], victim["project"])
    queued, active = _images(cloud, admin, member_token, victim["project"])
    compute = _compute(cloud, admin, member_token, active["id"])
    projects = [victim["project"]["id"], member["project"]["id"]]
    ids = {**_compute_ids(admin, compute, (active, queued), projects),
           **_identity_ids(admin, victim, ec2, credential, victim_token),
           ("image", "image_id"): [queued["id"], active["id"]],
           ("image", "member_id"): projects, ("image", "tag"): ["t1"],
           ("image", "name"): ["image", "images", "member", "members"],
           **_network_ids(admin, member_token),
           **_network_b_ids(admin, member_token, projects)}
    fields = {"flavorRef": ["1", compute["flavor"]["id"]],
              "imageRef": [active["id"]], "uuid": [active["id"]],
              "group": [compute["group"]["id"]], "key_name": ["fuzzed"],
              "host": ids[("compute", "host_name")], "tenant_id": projects,
              "project_id": projects, "user_id": [victim["user"]["id"]],
              "domain_id": [victim["domain"]["id"]], "member": projects,
              "tenant": projects, "name": ["admin", "default"],
              "methods": [["password"], ["token"]], "password": [ADMIN_PASSWORD],
              "address": [compute["floating"]["ip"]], "pool": ["fuzzed"]}
    bodies = {**seeds.compute(ids, active["id"], compute["flavor"]["id"]),
              **seeds.identity(ids, victim["user"]["name"], victim["project"]["id"]),
              **seeds.image(ids), **seeds.network(ids),
              **seeds.network_groups_fips_quotas(ids)}
    return World(urls={api: cloud.url(api) for api in ("compute", "identity", "image",
                                                       "network")},
                 tokens={"admin": admin.token, "member": member_token, "anonymous": None,
                         "victim": victim_token},
                 ids=ids, fields=fields, seeds=bodies)
