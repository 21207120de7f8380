"""The persona matrix over HTTP (layer b): each request below is checked by
one rule; the strongest persona that rule refuses gets 403, the weakest it
admits gets through, and the member of another project gets 404 for
project A's objects, as for ids that do not exist.

The cases run in order on one set of objects of project A (a server, a
server group, a security group, images, a key pair, a project and a user of
the domain), the writes that end an object last. Who is refused and
admitted comes from intent.py, not from the rules.
"""
from __future__ import annotations

import dataclasses
import uuid

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from onestack import policy
from tests.functional.policy.intent import LEVEL_OF, THRESHOLD
from tests.functional.policy.personas import Persona, boot, default_image
from tests.support.compute_http import Compute

PATCH = "application/openstack-images-v2.1-json-patch"


@dataclasses.dataclass
class Case:
    rule: str
    method: str
    path: str                  # formatted with the objects' ids
    body: object = None
    api: str = "compute"       # compute, image or identity
    foreign: int | None = 404  # the other project's member: None to skip
    missing_ok: bool = False   # the admitted persona may get 404 (no such item)
    headers: dict = dataclasses.field(default_factory=dict)
    data: bytes | None = None
    admitted: str | None = None   # instead of the level's weakest persona
    refused: str | None = None    # instead of the level's strongest refused one
    refused_status: int = 403     # 404 where a refused read hides the object

    @property
    def id(self) -> str:
        return f"{self.method} {self.path} [{self.rule}]"


def _c(name):
    return "os_compute_api:" + name


def _action(rule, action, body=None, **extra):
    return Case(_c(rule), "POST", "/servers/{server}/action", {action: body}, **extra)


S = "/servers/{server}"
CASES = [
    # servers: reads first
    Case(_c("servers:index"), "GET", "/servers", foreign=None),
    Case(_c("servers:detail"), "GET", "/servers/detail", foreign=None),
    Case(_c("servers:index:get_all_tenants"), "GET", "/servers?all_tenants=1",
         foreign=403),
    Case(_c("servers:detail:get_all_tenants"), "GET", "/servers/detail?all_tenants=1",
         foreign=403),
    Case(_c("servers:show"), "GET", S),
    Case(_c("server-metadata:index"), "GET", S + "/metadata"),
    Case(_c("server-metadata:show"), "GET", S + "/metadata/color"),
    Case(_c("os-server-tags:index"), "GET", S + "/tags"),
    Case(_c("os-server-tags:show"), "GET", S + "/tags/blue"),
    Case(_c("os-instance-actions:list"), "GET", S + "/os-instance-actions"),
    Case(_c("os-instance-actions:show"), "GET",
         S + "/os-instance-actions/{request_id}"),
    Case(_c("os-server-diagnostics"), "GET", S + "/diagnostics"),
    Case(_c("os-server-password:show"), "GET", S + "/os-server-password"),
    Case(_c("ips:index"), "GET", S + "/ips"),
    Case(_c("ips:show"), "GET", S + "/ips/private", missing_ok=True),
    Case(_c("servers:migrations:index"), "GET", S + "/migrations"),
    Case(_c("servers:migrations:show"), "GET", S + "/migrations/1", missing_ok=True),
    Case(_c("os-migrations:index"), "GET", "/os-migrations?project_id={project}",
         foreign=403),
    Case(_c("os-simple-tenant-usage:show"), "GET", "/os-simple-tenant-usage/{project}",
         foreign=403),
    Case(_c("os-quota-sets:show"), "GET", "/os-quota-sets/{project}", foreign=403),
    Case(_c("os-quota-sets:detail"), "GET", "/os-quota-sets/{project}/detail",
         foreign=403),
    # servers: writes
    Case(_c("servers:create"), "POST", "/servers", {"server": {
        "name": "made", "imageRef": "{image_public}", "flavorRef": "1",
        "networks": "none"}}, foreign=None),
    Case(_c("servers:update"), "PUT", S, {"server": {"name": "renamed"}}),
    Case(_c("server-metadata:create"), "POST", S + "/metadata",
         {"metadata": {"size": "L"}}),
    Case(_c("server-metadata:update_all"), "PUT", S + "/metadata",
         {"metadata": {"color": "red"}}),
    Case(_c("server-metadata:update"), "PUT", S + "/metadata/color",
         {"meta": {"color": "green"}}),
    Case(_c("server-metadata:delete"), "DELETE", S + "/metadata/color"),
    Case(_c("os-server-tags:update"), "PUT", S + "/tags/green"),
    Case(_c("os-server-tags:update_all"), "PUT", S + "/tags", {"tags": ["a", "b"]}),
    Case(_c("os-server-tags:delete"), "DELETE", S + "/tags/a"),
    Case(_c("os-server-tags:delete_all"), "DELETE", S + "/tags"),
    Case(_c("os-server-password:clear"), "DELETE", S + "/os-server-password"),
    _action("servers:reboot", "reboot", {"type": "SOFT"}),
    _action("servers:stop", "os-stop"),
    _action("servers:start", "os-start"),
    _action("os-pause-server:pause", "pause"),
    _action("os-pause-server:unpause", "unpause"),
    _action("os-suspend-server:suspend", "suspend"),
    _action("os-suspend-server:resume", "resume"),
    _action("os-console-output", "os-getConsoleOutput", {"length": 10}),
    _action("os-admin-password", "changePassword", {"adminPass": "n3w-secret"}),
    _action("servers:rebuild", "rebuild", {"imageRef": "{image_public}"}),
    _action("servers:create_image", "createImage", {"name": "snap"}),
    _action("os-create-backup", "createBackup",
            {"name": "bak", "backup_type": "daily", "rotation": 1}),
    _action("servers:resize", "resize", {"flavorRef": "2"}),
    _action("servers:confirm_resize", "confirmResize"),
    _action("servers:revert_resize", "revertResize"),
    _action("os-migrate-server:migrate", "migrate"),
    _action("os-migrate-server:migrate:host", "migrate", {"host": "no-such-host"},
            admitted="admin", refused="manager"),
    _action("os-migrate-server:migrate_live", "os-migrateLive", {"host": None}),
    _action("os-migrate-server:migrate_live:host", "os-migrateLive",
            {"host": "no-such-host"}, admitted="admin", refused="manager"),
    _action("os-evacuate", "evacuate", {}),
    _action("os-admin-actions:reset_state", "os-resetState", {"state": "active"}),
    _action("os-admin-actions:inject_network_info", "injectNetworkInfo"),
    _action("os-deferred-delete:restore", "restore"),
    _action("os-deferred-delete:force", "forceDelete"),
    _action("os-lock-server:lock", "lock"),
    _action("os-lock-server:unlock", "unlock"),
    Case(_c("os-server-external-events:create"), "POST", "/os-server-external-events",
         {"events": [{"name": "network-changed", "server_uuid": "{server}"}]},
         foreign=403),
    # key pairs, of the persona's own user
    Case(_c("os-keypairs:create"), "POST", "/os-keypairs",
         {"keypair": {"name": "{keypair}"}}, foreign=None),
    Case(_c("os-keypairs:index"), "GET", "/os-keypairs", foreign=None),
    Case(_c("os-keypairs:show"), "GET", "/os-keypairs/{keypair}", admitted="member"),
    Case(_c("os-keypairs:delete"), "DELETE", "/os-keypairs/{keypair}"),
    # server groups
    Case(_c("os-server-groups:index"), "GET", "/os-server-groups", foreign=None),
    Case(_c("os-server-groups:show"), "GET", "/os-server-groups/{group}"),
    Case(_c("os-server-groups:create"), "POST", "/os-server-groups",
         {"server_group": {"name": "g2", "policy": "affinity"}}, foreign=None),
    Case(_c("os-server-groups:delete"), "DELETE", "/os-server-groups/{group}"),
    # floating IPs: project A's, moved onto and off a server with a fixed IP
    Case(_c("os-floating-ip-pools"), "GET", "/os-floating-ip-pools", foreign=None),
    Case(_c("os-floating-ips:list"), "GET", "/os-floating-ips", foreign=None),
    Case(_c("os-floating-ips:show"), "GET", "/os-floating-ips/{floating}"),
    Case(_c("os-floating-ips:create"), "POST", "/os-floating-ips", {"pool": "{pool}"},
         foreign=None),
    Case(_c("os-floating-ips:add"), "POST", "/servers/{addressed}/action",
         {"addFloatingIp": {"address": "{floating_address}"}}),
    Case(_c("os-floating-ips:remove"), "POST", "/servers/{addressed}/action",
         {"removeFloatingIp": {"address": "{floating_address}"}}),
    Case(_c("os-floating-ips:delete"), "DELETE", "/os-floating-ips/{floating}"),
    # security groups, and those of the server
    Case(_c("os-security-groups:get"), "GET", "/os-security-groups", foreign=None),
    Case(_c("os-security-groups:show"), "GET", "/os-security-groups/{secgroup}"),
    Case(_c("os-security-groups:list"), "GET", S + "/os-security-groups"),
    Case(_c("os-security-groups:create"), "POST", "/os-security-groups",
         {"security_group": {"name": "sg2", "description": "d"}}, foreign=None),
    Case(_c("os-security-groups:update"), "PUT", "/os-security-groups/{secgroup}",
         {"security_group": {"name": "renamed", "description": "d"}}),
    Case(_c("os-security-groups:rule:create"), "POST", "/os-security-group-rules",
         {"security_group_rule": {"parent_group_id": "{secgroup}", "ip_protocol": "tcp",
                                  "from_port": 22, "to_port": 22}}),
    Case(_c("os-security-groups:rule:delete"), "DELETE",
         "/os-security-group-rules/{secgroup_rule}"),
    _action("os-security-groups:add", "addSecurityGroup", {"name": "{secgroup}"}),
    _action("os-security-groups:remove", "removeSecurityGroup", {"name": "{secgroup}"}),
    Case(_c("os-security-groups:delete"), "DELETE", "/os-security-groups/{secgroup}"),
    # administrators' compute APIs
    Case(_c("os-hypervisors:list"), "GET", "/os-hypervisors", foreign=403),
    Case(_c("os-services:list"), "GET", "/os-services", foreign=403),
    Case(_c("os-aggregates:index"), "GET", "/os-aggregates", foreign=403),
    Case(_c("os-availability-zone:detail"), "GET", "/os-availability-zone/detail",
         foreign=403),
    Case(_c("os-simple-tenant-usage:list"), "GET", "/os-simple-tenant-usage",
         foreign=403),
    Case(_c("os-quota-class-sets:show"), "GET", "/os-quota-class-sets/default",
         foreign=403),
    Case(_c("os-flavor-access"), "GET", "/flavors/1/os-flavor-access", foreign=403,
         missing_ok=True),  # public flavors have no access list
    Case(_c("os-instance-usage-audit-log:list"), "GET", "/os-instance_usage_audit_log",
         foreign=403),
    Case(_c("limits"), "GET", "/limits", foreign=None),
    Case(_c("os-floating-ips-bulk"), "GET", "/os-floating-ips-bulk", foreign=403),
    # networks: project A's, and one of project B that the admin releases
    Case(_c("os-networks:list"), "GET", "/os-networks", foreign=None),
    Case(_c("os-networks:show"), "GET", "/os-networks/{network}"),
    Case(_c("os-tenant-networks:list"), "GET", "/os-tenant-networks", foreign=None),
    Case(_c("os-tenant-networks:show"), "GET", "/os-tenant-networks/{network}"),
    Case(_c("os-fixed-ips"), "GET", "/os-fixed-ips/{address}", foreign=403),
    Case(_c("os-fixed-ips"), "POST", "/os-fixed-ips/{address}/action",
         {"reserve": None}, foreign=403),
    Case(_c("os-tenant-networks:create"), "POST", "/os-tenant-networks",
         {"network": {"label": "made", "cidr": "{cidr_made}"}}, foreign=None),
    Case(_c("os-tenant-networks:delete"), "DELETE", "/os-tenant-networks/{network}"),
    Case(_c("os-networks"), "POST", "/os-networks", {"network": {
        "label": "by-admin", "cidr": "{cidr_admin}", "project_id": "{project_b}"}},
        foreign=403),
    Case(_c("os-networks"), "POST", "/os-networks/add", {"id": None}, foreign=403),
    Case(_c("os-networks-associate"), "POST", "/os-networks/{network_b}/action",
         {"associate_host": "net-host-m"}, foreign=403),
    Case(_c("os-networks"), "POST", "/os-networks/{network_b}/action",
         {"disassociate": None}, foreign=403),
    Case(_c("os-networks"), "DELETE", "/os-networks/{network_b}", foreign=403),
    # images
    Case("get_images", "GET", "/v2/images", api="image", foreign=None),
    Case("get_image", "GET", "/v2/images/{image}", api="image", refused_status=404),
    Case("add_image", "POST", "/v2/images", {"name": "new", "visibility": "private",
         "disk_format": "raw", "container_format": "bare"}, api="image", foreign=None),
    Case("modify_image", "PATCH", "/v2/images/{image}",
         [{"op": "replace", "path": "/name", "value": "renamed"}], api="image",
         headers={"Content-Type": PATCH}),
    Case("upload_image", "PUT", "/v2/images/{image}/file", api="image",
         data=b"image-bytes", headers={"Content-Type": "application/octet-stream"}),
    Case("download_image", "GET", "/v2/images/{image}/file", api="image"),
    Case("deactivate", "POST", "/v2/images/{image}/actions/deactivate", api="image"),
    Case("reactivate", "POST", "/v2/images/{image}/actions/reactivate", api="image"),
    Case("add_member", "POST", "/v2/images/{image_shared}/members",
         {"member": "{project_b}"}, api="image"),
    Case("get_members", "GET", "/v2/images/{image_shared}/members", api="image",
         foreign=None, refused_status=404),
    Case("get_member", "GET", "/v2/images/{image_shared}/members/{project_b}",
         api="image", foreign=None, refused_status=404),
    Case("modify_member", "PUT", "/v2/images/{image_shared}/members/{project_b}",
         {"status": "accepted"}, api="image", foreign=None, admitted="other"),
    Case("delete_member", "DELETE", "/v2/images/{image_shared}/members/{project_b}",
         api="image", foreign=403),  # a member sees the image, may not unshare it
    Case("communitize_image", "PATCH", "/v2/images/{image_open}",
         [{"op": "replace", "path": "/visibility", "value": "community"}],
         api="image", headers={"Content-Type": PATCH}),
    Case("publicize_image", "PATCH", "/v2/images/{image_open}",
         [{"op": "replace", "path": "/visibility", "value": "public"}],
         api="image", headers={"Content-Type": PATCH}, foreign=None),
    Case("delete_image", "DELETE", "/v2/images/{image}", api="image"),
    # identity: the domain's projects, users, roles and grants
    Case("identity:get_project", "GET", "/v3/projects/{project}", api="identity",
         foreign=403),
    Case("identity:list_projects", "GET", "/v3/projects", api="identity", foreign=403),
    Case("identity:create_project", "POST", "/v3/projects",
         {"project": {"name": "{new_name}"}}, api="identity", foreign=403),
    Case("identity:update_project", "PATCH", "/v3/projects/{dm_project}",
         {"project": {"description": "changed"}}, api="identity", foreign=403),
    Case("identity:get_user", "GET", "/v3/users/{reader_user}", api="identity",
         foreign=403, admitted="reader"),
    Case("identity:list_users", "GET", "/v3/users", api="identity", foreign=403),
    Case("identity:list_user_projects", "GET", "/v3/users/{reader_user}/projects",
         api="identity", foreign=403, admitted="reader"),
    Case("identity:create_user", "POST", "/v3/users",
         {"user": {"name": "{new_name}", "password": "pw"}}, api="identity",
         foreign=403),
    Case("identity:update_user", "PATCH", "/v3/users/{dm_user}",
         {"user": {"description": "changed"}}, api="identity", foreign=403),
    Case("identity:list_roles", "GET", "/v3/roles", api="identity", foreign=403),
    Case("identity:get_role", "GET", "/v3/roles/{member_role}", api="identity",
         foreign=403),
    Case("identity:create_role", "POST", "/v3/roles", {"role": {"name": "{new_name}"}},
         api="identity", foreign=403, refused="domain_manager"),
    Case("identity:update_role", "PATCH", "/v3/roles/{extra_role}",
         {"role": {"description": "changed"}}, api="identity", foreign=403,
         refused="domain_manager"),
    Case("identity:delete_role", "DELETE", "/v3/roles/{extra_role}", api="identity",
         foreign=403, refused="domain_manager"),
    Case("identity:create_grant", "PUT",
         "/v3/projects/{dm_project}/users/{dm_user}/roles/{member_role}",
         api="identity", foreign=403),
    Case("identity:list_grants", "GET",
         "/v3/projects/{dm_project}/users/{dm_user}/roles", api="identity",
         foreign=403),
    Case("identity:check_grant", "HEAD",
         "/v3/projects/{dm_project}/users/{dm_user}/roles/{member_role}",
         api="identity", foreign=403),
    Case("identity:list_role_assignments", "GET",
         "/v3/role_assignments?scope.domain.id={domain}", api="identity", foreign=403),
    Case("identity:revoke_grant", "DELETE",
         "/v3/projects/{dm_project}/users/{dm_user}/roles/{member_role}",
         api="identity", foreign=403),
    Case("identity:ec2_create_credential", "POST",
         "/v3/users/{{persona_user}}/credentials/OS-EC2", {"tenant_id": "{project}"},
         api="identity", foreign=None),
    Case("identity:ec2_list_credentials", "GET",
         "/v3/users/{{persona_user}}/credentials/OS-EC2", api="identity", foreign=None),
    Case("identity:ec2_get_credential", "GET",
         "/v3/users/{member_user}/credentials/OS-EC2/{access}", api="identity",
         foreign=403, refused="reader", admitted="member"),
    Case("identity:ec2_delete_credential", "DELETE",
         "/v3/users/{member_user}/credentials/OS-EC2/{access}", api="identity",
         foreign=403),
    Case("identity:change_password", "POST", "/v3/users/{dm_user}/password",
         {"user": {"password": "new", "original_password": "pw"}}, api="identity",
         foreign=403, refused="admin", admitted="dm_user"),
    Case("identity:delete_user", "DELETE", "/v3/users/{dm_user}", api="identity",
         foreign=403),
    Case("identity:delete_project", "DELETE", "/v3/projects/{dm_project}",
         api="identity", foreign=403),
    # the end of the server
    Case(_c("servers:delete"), "DELETE", S),
]


class Objects(dict):
    """The ids the cases' paths and bodies name."""

    def fill(self, value, persona):
        if isinstance(value, str):
            return value.format(**self).replace("{persona_user}", persona.user_id)
        if isinstance(value, list):
            return [self.fill(item, persona) for item in value]
        if isinstance(value, dict):
            return {key: self.fill(item, persona) for key, item in value.items()}
        return value


def _request(cloud, persona, case: Case, objects: Objects):
    base = {"compute": cloud.url("compute") + "/v2.1", "image": cloud.url("image"),
            "identity": cloud.url("identity")}[case.api]
    headers = dict(case.headers)
    if case.api == "compute":
        headers["OpenStack-API-Version"] = "compute 2.79"
    kwargs = {"headers": headers, "raise_exc": False}
    if case.data is not None:
        kwargs["data"] = case.data
    elif case.body is not None:
        kwargs["json"] = objects.fill(case.body, persona)
    return persona.session.request(base + objects.fill(case.path, persona),
                                   case.method, **kwargs)


def _compute_and_images(cloud, world) -> dict:
    """Project A's server, server group and images, made by its member."""
    member = world["member"].session
    server = boot(cloud, world["member"], "matrix", metadata={"color": "blue"},
                  tags=["blue"])
    actions = cloud.sdk().compute.get(f"/servers/{server}/os-instance-actions").json()
    group = member.post(cloud.url("compute") + "/v2.1/os-server-groups", json={
        "server_group": {"name": "matrix", "policies": ["anti-affinity"]}}).json()
    made = {"server": server, "group": group["server_group"]["id"],
            "request_id": actions["instanceActions"][0]["request_id"]}
    made.update(_security_group(cloud, member))
    for key, visibility in (("image", "private"), ("image_shared", "shared"),
                            ("image_open", "private")):
        made[key] = member.post(cloud.url("image") + "/v2/images", json={
            "name": key, "visibility": visibility, "disk_format": "raw",
            "container_format": "bare"}).json()["id"]
    return made


def _floating(cloud, world, tag: str) -> dict:
    """A pool, a floating IP project A's member allocated from it, and a
    server of A with a fixed IP to put it on."""
    pool = f"matrix-{tag}"
    Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "192.0.2.64/28", "pool": pool}})
    floating = Compute(cloud, world["member"].session)(
        "POST", "/os-floating-ips", json={"pool": pool}).json()["floating_ip"]
    return {"pool": pool, "floating": floating["id"], "floating_address": floating["ip"],
            "addressed": boot(cloud, world["member"], "addressed", networks="auto")}


def _security_group(cloud, member) -> dict:
    """Project A's security group, with a rule."""
    url = cloud.url("compute") + "/v2.1"
    group = member.post(url + "/os-security-groups", json={"security_group": {
        "name": "matrix", "description": "d"}}).json()["security_group"]["id"]
    rule = member.post(url + "/os-security-group-rules", json={"security_group_rule": {
        "parent_group_id": group, "ip_protocol": "icmp", "from_port": -1,
        "to_port": -1}}).json()["security_group_rule"]["id"]
    return {"secgroup": group, "secgroup_rule": rule}


def _networks(cloud, world) -> dict:
    """A network of project A with an address of it, and one of project B,
    made by the admin; the free ranges the create cases use."""
    admin = cloud.sdk().compute
    made = {}
    for key, cidr, project in (("network", "10.203.0.0/28", world.project_a),
                               ("network_b", "10.203.1.0/28", world.project_b)):
        made[key] = admin.post("/os-networks", json={"network": {
            "label": key, "cidr": cidr, "project_id": project}}).json()["network"]["id"]
    return dict(made, address="10.203.0.5", cidr_made="10.203.2.0/28",
                cidr_admin="10.203.3.0/28")


def _identity(cloud, world, tag: str) -> dict:
    """A project and a user the domain's manager made, a role, and an EC2
    credential of project A's member."""
    manager = world["domain_manager"].session
    identity = cloud.url("identity") + "/v3"
    dm_project = manager.post(identity + "/projects", json={"project": {
        "name": f"dm-{tag}"}}).json()["project"]["id"]
    dm_user = manager.post(identity + "/users", json={"user": {
        "name": f"dm-{tag}", "password": "pw"}}).json()["user"]["id"]
    # the user the domain manager made, by itself: it changes its password
    world.personas["dm_user"] = Persona("dm_user", dm_user, None, ks_session.Session(
        auth=v3.Password(auth_url=cloud.auth_url, user_id=dm_user, password="pw",
                         unscoped=True)), None)
    member_user = world["member"].user_id
    access = world["member"].session.post(
        f"{identity}/users/{member_user}/credentials/OS-EC2",
        json={"tenant_id": world.project_a}).json()["credential"]["access"]
    admin = cloud.sdk()
    return {"dm_project": dm_project, "dm_user": dm_user, "access": access,
            "member_user": member_user, "reader_user": world["reader"].user_id,
            "extra_role": admin.identity.create_role(name=f"extra-{tag}").id,
            "member_role": admin.identity.find_role("member").id}


@pytest.fixture(scope="module")
def objects(cloud, world):
    """The ids the cases name."""
    tag = uuid.uuid4().hex[:8]
    return Objects(image_public=default_image(cloud), project=world.project_a,
                   project_b=world.project_b, domain=world.domain_id,
                   keypair=f"kp-{tag}", new_name=f"n-{tag}",
                   **_compute_and_images(cloud, world), **_networks(cloud, world),
                   **_identity(cloud, world, tag), **_floating(cloud, world, tag))


def _persona(world, case: Case, which: int):
    level = LEVEL_OF[case.rule]
    names = THRESHOLD[level]
    override = (case.refused, case.admitted)[which]
    name = override or names[which]
    return world[name] if name else None


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_request(cloud, world, objects, case):
    refused = _persona(world, case, 0)
    if refused is not None:
        reply = _request(cloud, refused, case, objects)
        assert reply.status_code == case.refused_status, (
            refused.name, reply.status_code, reply.text)
    if case.foreign is not None:
        reply = _request(cloud, world["other"], case, objects)
        assert reply.status_code == case.foreign, ("other", reply.status_code,
                                                   reply.text)
    admitted = _persona(world, case, 1)
    reply = _request(cloud, admitted, case, objects)
    refusals = {401, 403, 500} | (set() if case.missing_ok else {404})
    assert reply.status_code not in refusals, (admitted.name, reply.status_code,
                                               reply.text)


def _paths_of(rule) -> list[str]:
    return [operation["path"] for operation in getattr(rule, "operations", [])]


def test_the_cases_cover_the_server_keypair_group_image_and_identity_rules():
    wanted = set()
    for rule in policy.list_rules():
        paths = _paths_of(rule)
        if any(path.startswith(("/servers/{server_id}", "/os-keypairs",
                                "/os-server-groups", "/v3/projects", "/v3/users",
                                "/v3/roles", "/os-networks", "/os-tenant-networks",
                                "/os-fixed-ips")) for path in paths):
            wanted.add(rule.name)
    wanted |= {"add_image", "modify_image", "delete_image", "upload_image"}
    assert wanted - {case.rule for case in CASES} - SHAPING == set()


# Rules that shape an answer instead of refusing it: each has a test below.
SHAPING = {_c("os-server-groups:index:all_projects"),
           _c("os-security-groups:get:all_tenants"),
           _c("os-lock-server:unlock:unlock_override"), _c("servers:show:host_status"),
           _c("servers:migrations:index:host"), _c("os-instance-actions:events")}


@pytest.fixture(scope="module")
def spare(cloud, world):
    """A server of project A that no case above deletes."""
    return boot(cloud, world["member"], "spare")


def _get(cloud, persona, path, version="2.79"):
    return persona.session.get(cloud.url("compute") + "/v2.1" + path, raise_exc=False,
                               headers={"OpenStack-API-Version": f"compute {version}"})


def test_only_the_admin_lists_every_projects_groups(cloud, world):
    url = cloud.url("compute") + "/v2.1/os-server-groups"
    theirs = world["other"].session.post(url, json={"server_group": {
        "name": "b", "policies": ["affinity"]}}).json()["server_group"]["id"]
    for name, sees in (("manager", False), ("admin", True)):
        groups = _get(cloud, world[name],
                      "/os-server-groups?all_projects=True&limit=1000")
        assert (theirs in {g["id"] for g in groups.json()["server_groups"]}) is sees


def test_only_the_admin_lists_every_projects_security_groups(cloud, world):
    url = cloud.url("compute") + "/v2.1/os-security-groups"
    theirs = world["other"].session.post(url, json={"security_group": {
        "name": "b", "description": "d"}}).json()["security_group"]["id"]
    for name, sees in (("manager", False), ("admin", True)):
        groups = _get(cloud, world[name], "/os-security-groups?all_tenants=1")
        assert (theirs in {g["id"] for g in groups.json()["security_groups"]}) is sees


def test_an_admins_lock_is_lifted_by_an_admin_only(cloud, world, spare):
    action = cloud.url("compute") + f"/v2.1/servers/{spare}/action"
    cloud.session().post(action, json={"lock": None})  # from the admin project
    refused = world["member"].session.post(action, json={"unlock": None},
                                           raise_exc=False)
    assert refused.status_code == 403 and "unlock_override" in refused.text
    assert world["admin"].session.post(action, json={"unlock": None}).status_code == 202


def test_host_status_is_shown_to_the_admin(cloud, world, spare):
    assert "host_status" not in _get(cloud, world["member"], f"/servers/{spare}",
                                     "2.16").json()["server"]
    assert _get(cloud, world["admin"], f"/servers/{spare}",
                "2.16").json()["server"]["host_status"] == "UP"


def test_migration_hosts_are_shown_to_the_admin(cloud, world, spare):
    from onestack.db import instances, migrations_log
    instance = instances.get(spare)
    migrations_log.create(world["admin"].context, instance, "live-migration",
                          "running", "elsewhere", "elsewhere.node", {}, {})
    try:
        for name, host in (("manager", None), ("admin", "elsewhere")):
            for path in (f"/servers/{spare}/migrations",
                         f"/os-migrations?project_id={world.project_a}"):
                rows = _get(cloud, world[name], path).json()["migrations"]
                assert [row["dest_compute"] for row in rows] == [host], (name, path)
    finally:
        migrations_log.set_status(spare, "failed")


def test_action_events_show_tracebacks_to_the_admin(cloud, world, spare):
    path = f"/servers/{spare}/os-instance-actions"
    request_id, = [action["request_id"] for action in _get(
        cloud, world["reader"], path).json()["instanceActions"]
        if action["action"] == "create"]
    for name, privileged in (("reader", False), ("admin", True)):
        action = _get(cloud, world[name], f"{path}/{request_id}", "2.51").json()
        events = action["instanceAction"]["events"]
        assert events and all(("traceback" in event) is privileged for event in events)


@pytest.mark.parametrize("query, status", [
    ("scope.project.id={a}", 200), ("scope.domain.id={d}", 200),
    ("scope.project.id={stranger}", 403), ("", 403),
    ("scope.project.id={stranger}&scope.domain.id={d}", 403)])
def test_a_domain_reader_lists_its_domains_assignments_only(cloud, world, query,
                                                           status):
    query = query.format(a=world.project_a, d=world.domain_id,
                         stranger=world.stranger_project)
    reply = world["domain_manager"].session.get(
        cloud.url("identity") + "/v3/role_assignments?" + query, raise_exc=False)
    assert reply.status_code == status, reply.text
