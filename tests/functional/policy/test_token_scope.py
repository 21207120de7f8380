"""Leaks found with tokens and credentials (issue 9): the project-scoped APIs
refuse tokens without a project, a request with two tokens is refused, and
an EC2 credential binds only to a project its user has a role on."""
from __future__ import annotations

import falcon.testing
import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from onestack.api.openstack import app as compute_app
from tests.functional.policy.personas import PASSWORD
from tests.support.cloud import ADMIN_PASSWORD


def _tokens(cloud, world) -> dict:
    """Tokens without a project: a member's unscoped one, the domain
    manager's, and the cloud admin's scoped to the Default domain (it holds
    the admin role there)."""
    unscoped = ks_session.Session(auth=v3.Password(
        auth_url=cloud.auth_url, user_id=world["member"].user_id, password=PASSWORD,
        unscoped=True))
    admin_domain = ks_session.Session(auth=v3.Password(
        auth_url=cloud.auth_url, username="admin", password=ADMIN_PASSWORD,
        user_domain_id="default", domain_id="default"))
    return {"unscoped": unscoped.get_token(),
            "domain manager": world["domain_manager"].session.get_token(),
            "domain admin": admin_domain.get_token()}


@pytest.fixture(scope="module")
def projectless(cloud, world):
    return _tokens(cloud, world)


@pytest.mark.parametrize("who", ["unscoped", "domain manager", "domain admin"])
@pytest.mark.parametrize("api, method, path, body", [
    ("compute", "GET", "/v2.1/os-server-groups", None),
    ("compute", "GET", "/v2.1/os-server-groups?all_projects=True", None),
    ("compute", "POST", "/v2.1/os-server-groups",
     {"server_group": {"name": "g", "policies": ["affinity"]}}),
    ("compute", "POST", "/v2.1/servers",
     {"server": {"name": "s", "imageRef": "x", "flavorRef": "1"}}),
    ("compute", "GET", "/v2.1/servers/detail?all_tenants=1", None),
    ("compute", "GET", "/v2.1/limits", None),
    ("compute", "GET", "/v2.1/os-security-groups?all_tenants=1", None),
    ("compute", "POST", "/v2.1/os-security-groups",
     {"security_group": {"name": "g", "description": "d"}}),
    ("image", "GET", "/v2/images", None),
])
def test_project_apis_refuse_tokens_without_a_project(cloud, projectless, who, api,
                                                      method, path, body):
    session = ks_session.Session()
    reply = session.request(cloud.url(api) + path, method, json=body, raise_exc=False,
                            headers={"X-Auth-Token": projectless[who]})
    assert reply.status_code == 403, reply.text
    assert "scoped to a project" in reply.text


def test_identity_still_serves_tokens_without_a_project(cloud, projectless):
    reply = ks_session.Session().get(
        cloud.url("identity") + "/v3/auth/projects", raise_exc=False,
        headers={"X-Auth-Token": projectless["unscoped"]})
    assert reply.status_code == 200


def test_two_tokens_are_refused(cloud, world):
    """WSGI servers join a repeated header with commas (the falcon test client
    as waitress does); the request is refused, not served as either token."""
    client = falcon.testing.TestClient(compute_app.create(cloud.conf))
    member, admin = world["member"].session.get_token(), cloud.session().get_token()
    for first, second in ((member, admin), (admin, member)):
        reply = client.simulate_get("/v2.1/servers", headers=[
            ("X-Auth-Token", first), ("X-Auth-Token", second)])
        assert reply.status_code == 400, reply.text
        assert "more than one X-Auth-Token" in reply.text
    assert client.simulate_get("/v2.1/servers", headers=[
        ("X-Auth-Token", member)]).status_code == 200


@pytest.mark.parametrize("project, status", [("b", 403), ("nowhere", 404),
                                             ("a", 201)])
def test_an_ec2_credential_binds_to_a_project_of_its_user(cloud, world, project,
                                                         status):
    projects = {"a": world.project_a, "b": world.project_b, "nowhere": "f" * 32}
    member = world["member"]
    blob = '{"access": "%s", "secret": "s"}' % (project + member.user_id)
    reply = member.session.post(cloud.url("identity") + "/v3/credentials", json={
        "credential": {"type": "ec2", "user_id": member.user_id, "blob": blob,
                       "project_id": projects[project]}}, raise_exc=False)
    assert reply.status_code == status, reply.text


def test_the_admin_binds_an_ec2_credential_to_any_existing_project(cloud, world):
    """As Keystone (and Tempest's credential tests) do: the administrator may
    make a user's credential for a project the user has no role on."""
    admin, member = cloud.session(), world["member"]
    url = cloud.url("identity") + "/v3/credentials"

    def make(project_id):
        return admin.post(url, raise_exc=False, json={"credential": {
            "type": "ec2", "user_id": member.user_id, "project_id": project_id,
            "blob": '{"access": "%s", "secret": "s"}' % (project_id + "adm")}})

    made = make(world.project_b)
    assert made.status_code == 201, made.text
    assert make("f" * 32).status_code == 404
    credential = made.json()["credential"]
    new_blob = '{"access": "other", "secret": "changed"}'
    updated = admin.patch(f"{url}/{credential['id']}",
                          json={"credential": {"blob": new_blob}}).json()["credential"]
    assert (updated["id"], updated["project_id"], updated["blob"]) == \
        (credential["id"], world.project_b, new_blob)
    moved = admin.patch(f"{url}/{credential['id']}", raise_exc=False,
                        json={"credential": {"project_id": world.project_a}})
    assert moved.status_code == 400 and "cannot be changed" in moved.text
    broken = admin.patch(f"{url}/{credential['id']}", raise_exc=False,
                         json={"credential": {"blob": "not json"}})
    assert broken.status_code == 400
    # the member changes its own credential's blob, but not another user's
    own = member.session.patch(f"{url}/{credential['id']}", raise_exc=False,
                               json={"credential": {"blob": new_blob}})
    assert own.status_code == 200
    other = world["reader"].session.patch(f"{url}/{credential['id']}",
                                          raise_exc=False,
                                          json={"credential": {"blob": new_blob}})
    assert other.status_code in (403, 404)
