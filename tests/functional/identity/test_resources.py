"""Domains, projects, users, roles and assignments through openstacksdk."""
import uuid

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneauth1 import exceptions as ks_exc
from openstack import exceptions as sdk_exc


def _name(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _login(cloud, username, password, project):
    return ks_session.Session(auth=v3.Password(
        auth_url=cloud.auth_url, username=username, password=password,
        project_name=project, user_domain_id="default", project_domain_id="default"))


def test_domain_project_user_lifecycle(cloud):
    sdk = cloud.sdk()
    domain = sdk.identity.create_domain(name=_name("dom"), description="d")
    project = sdk.identity.create_project(name=_name("proj"), domain_id=domain.id)
    assert project.domain_id == domain.id
    assert sdk.identity.get_project(project.id).name == project.name
    renamed = sdk.identity.update_project(project, description="changed")
    assert renamed.description == "changed"
    user = sdk.identity.create_user(name=_name("user"), password="pw", domain_id=domain.id,
                                    email="u@example.org")
    assert sdk.identity.get_user(user.id).email == "u@example.org"
    names = [u.name for u in sdk.identity.users(domain_id=domain.id)]
    assert names == [user.name]
    with pytest.raises(sdk_exc.HttpException) as refused:
        sdk.identity.delete_domain(domain)
    assert refused.value.status_code == 403
    sdk.identity.delete_user(user)
    sdk.identity.delete_project(project)
    sdk.identity.update_domain(domain, enabled=False)
    sdk.identity.delete_domain(domain)
    with pytest.raises(sdk_exc.NotFoundException):
        sdk.identity.get_domain(domain.id)


def test_role_assignments_and_membership(cloud):
    sdk = cloud.sdk()
    project = sdk.identity.create_project(name=_name("proj"), domain_id="default")
    user = sdk.identity.create_user(name=_name("user"), password="pw", domain_id="default")
    member = sdk.identity.find_role("member")
    sdk.identity.assign_project_role_to_user(project, user, member)
    assert sdk.identity.validate_user_has_project_role(project, user, member)
    assignments = list(sdk.identity.role_assignments(user_id=user.id))
    assert [(a.role["id"], a.scope["project"]["id"]) for a in assignments] == [
        (member.id, project.id)]
    session = _login(cloud, user.name, "pw", project.name)
    assert session.get_project_id() == project.id
    sdk.identity.unassign_project_role_from_user(project, user, member)
    assert not sdk.identity.validate_user_has_project_role(project, user, member)
    with pytest.raises(ks_exc.Unauthorized):
        _login(cloud, user.name, "pw", project.name).get_token()


def test_custom_role_create_update_delete(cloud):
    sdk = cloud.sdk()
    name = _name("role")
    role = sdk.identity.create_role(name=name)
    assert sdk.identity.update_role(role, name=name + "x").name == name + "x"
    assert sdk.identity.get_role(role.id).name == name + "x"
    sdk.identity.delete_role(role)
    assert sdk.identity.find_role(name + "x") is None


def test_disabling_a_user_or_changing_the_password_revokes_tokens(cloud):
    sdk = cloud.sdk()
    project = sdk.identity.create_project(name=_name("proj"), domain_id="default")
    user = sdk.identity.create_user(name=_name("user"), password="pw", domain_id="default")
    sdk.identity.assign_project_role_to_user(project, user, sdk.identity.find_role("member"))
    session = _login(cloud, user.name, "pw", project.name)
    token = session.get_token()
    headers = {"X-Auth-Token": token}
    assert session.get(cloud.auth_url + "/auth/projects", headers=headers).status_code == 200

    sdk.identity.update_user(user, enabled=False)
    reply = session.get(cloud.auth_url + "/auth/projects", headers=headers,
                        raise_exc=False, authenticated=False)
    assert reply.status_code == 401
    with pytest.raises(ks_exc.Unauthorized):
        _login(cloud, user.name, "pw", project.name).get_token()

    sdk.identity.update_user(user, enabled=True)
    second = _login(cloud, user.name, "pw", project.name)
    second_token = second.get_token()
    second.post(cloud.auth_url + f"/users/{user.id}/password",
                json={"user": {"password": "new-pw", "original_password": "pw"}})
    reply = second.get(cloud.auth_url + "/auth/projects", raise_exc=False,
                       authenticated=False, headers={"X-Auth-Token": second_token})
    assert reply.status_code == 401
    assert _login(cloud, user.name, "new-pw", project.name).get_token()


def test_disabled_project_refuses_its_tokens(cloud):
    sdk = cloud.sdk()
    project = sdk.identity.create_project(name=_name("proj"), domain_id="default")
    user = sdk.identity.create_user(name=_name("user"), password="pw", domain_id="default")
    sdk.identity.assign_project_role_to_user(project, user, sdk.identity.find_role("member"))
    token = _login(cloud, user.name, "pw", project.name).get_token()
    sdk.identity.update_project(project, enabled=False)
    reply = sdk.session.get(cloud.auth_url + "/auth/projects", authenticated=False,
                            raise_exc=False, headers={"X-Auth-Token": token})
    assert reply.status_code == 401


def test_services_endpoints_and_ec2_credentials(cloud):
    sdk = cloud.sdk()
    services = {s.type: s for s in sdk.identity.services()}
    assert services["compute"].name == "nova"
    endpoints = list(sdk.identity.endpoints(service_id=services["compute"].id))
    assert sorted(e.interface for e in endpoints) == ["admin", "internal", "public"]
    user_id = sdk.current_user_id
    project_id = sdk.current_project_id
    created = sdk.session.post(cloud.auth_url + f"/users/{user_id}/credentials/OS-EC2",
                               json={"tenant_id": project_id}).json()["credential"]
    generic = [c for c in sdk.identity.credentials() if c.type == "ec2"]
    assert any(created["access"] in c.blob for c in generic)
    shown = sdk.session.get(cloud.auth_url + f"/users/{user_id}/credentials/OS-EC2/"
                            f"{created['access']}").json()["credential"]
    assert shown["secret"] == created["secret"]
    sdk.session.delete(cloud.auth_url + f"/users/{user_id}/credentials/OS-EC2/"
                       f"{created['access']}")
    reply = sdk.session.get(cloud.auth_url + f"/users/{user_id}/credentials/OS-EC2/"
                            f"{created['access']}", raise_exc=False)
    assert reply.status_code == 404
