"""Tokens through keystoneauth1 and raw HTTP: issue, validate, rescope, revoke."""
import requests
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v2, v3

from tests.support.cloud import ADMIN_PASSWORD


def _password_auth(cloud, **kwargs):
    values = dict(auth_url=cloud.auth_url, username="admin", password=ADMIN_PASSWORD,
                  user_domain_id="default")
    values.update(kwargs)
    return v3.Password(**values)


def test_project_scoped_token_has_roles_and_catalog(cloud):
    session = cloud.session()
    access = session.auth.get_access(session)
    assert access.project_name == "admin"
    assert {"admin", "member", "reader"} <= set(access.role_names)
    types = {entry["type"] for entry in access.service_catalog.catalog}
    assert types == cloud.catalog_types
    assert {"identity", "compute", "image", "network"} <= types
    compute = access.service_catalog.url_for(service_type="compute", interface="public")
    assert compute == cloud.url("compute") + "/v2.1"
    for interface in ("public", "internal", "admin"):
        assert access.service_catalog.url_for(service_type="identity",
                                              interface=interface)


def test_scope_by_project_id_domain_scope_and_unscoped(cloud):
    admin = cloud.sdk()
    project = admin.identity.find_project("admin")
    by_id = ks_session.Session(auth=_password_auth(cloud, project_id=project.id))
    assert by_id.get_project_id() == project.id
    domain_scoped = ks_session.Session(auth=_password_auth(cloud, domain_id="default"))
    access = domain_scoped.auth.get_access(domain_scoped)
    assert access.domain_id == "default" and "admin" in access.role_names
    unscoped = ks_session.Session(auth=v3.Password(
        auth_url=cloud.auth_url, username="demo", password="demo-secret",
        user_domain_name="Default", unscoped=True))
    access = unscoped.auth.get_access(unscoped)
    assert access.project_id is None and not access.role_names


def test_rescope_with_token_method_keeps_expiry(cloud):
    unscoped = ks_session.Session(auth=v3.Password(
        auth_url=cloud.auth_url, username="admin", password=ADMIN_PASSWORD,
        user_domain_id="default", unscoped=True))
    first = unscoped.auth.get_access(unscoped)
    rescoped = ks_session.Session(auth=v3.Token(
        auth_url=cloud.auth_url, token=first.auth_token, project_name="admin",
        project_domain_id="default"))
    access = rescoped.auth.get_access(rescoped)
    assert access.project_name == "admin"
    assert access.expires == first.expires
    assert first.audit_id in access.audit_chain_id or access.audit_chain_id == first.audit_id


def test_validate_check_and_revoke(cloud):
    admin_token = cloud.session().get_token()
    demo_token = cloud.session("demo", "demo-secret", "demo").get_token()
    url = cloud.auth_url + "/auth/tokens"
    headers = {"X-Auth-Token": admin_token, "X-Subject-Token": demo_token}
    shown = requests.get(url, headers=headers)
    assert shown.status_code == 200
    assert shown.headers["X-Subject-Token"] == demo_token
    assert shown.json()["token"]["project"]["name"] == "demo"
    assert requests.head(url, headers=headers).status_code == 200
    assert requests.delete(url, headers=headers).status_code == 204
    assert requests.head(url, headers=headers).status_code == 404
    gone = requests.get(cloud.auth_url + "/auth/projects",
                        headers={"X-Auth-Token": demo_token})
    assert gone.status_code == 401
    assert gone.headers["WWW-Authenticate"].startswith("Keystone uri=")
    assert gone.json()["error"]["code"] == 401


def test_v2_token_exchange_as_in_the_seed(cloud):
    body = {"auth": {"tenantName": "demo", "passwordCredentials": {
        "username": "demo", "password": "demo-secret"}}}
    reply = requests.post(cloud.url("identity") + "/v2.0/tokens", json=body)
    assert reply.status_code == 200
    access = reply.json()["access"]
    assert access["token"]["tenant"]["name"] == "demo"
    compute = [s for s in access["serviceCatalog"] if s["type"] == "compute"][0]
    assert compute["endpoints"][0]["publicURL"] == cloud.url("compute") + "/v2.1"
    assert {r["name"] for r in access["user"]["roles"]} == {"member", "reader"}
    tenants = requests.get(cloud.url("identity") + "/v2.0/tenants",
                           headers={"X-Auth-Token": access["token"]["id"]})
    assert [t["name"] for t in tenants.json()["tenants"]] == ["demo"]


def test_v2_password_plugin_and_admin_validation(cloud):
    session = ks_session.Session(auth=v2.Password(
        auth_url=cloud.url("identity") + "/v2.0", username="demo",
        password="demo-secret", tenant_name="demo"))
    token = session.get_token()
    admin_token = cloud.session().get_token()
    reply = requests.get(cloud.url("identity") + f"/v2.0/tokens/{token}",
                         headers={"X-Auth-Token": admin_token})
    assert reply.status_code == 200
    assert reply.json()["access"]["user"]["name"] == "demo"
    demo_reply = requests.get(cloud.url("identity") + f"/v2.0/tokens/{admin_token}",
                              headers={"X-Auth-Token": token})
    assert demo_reply.status_code == 403


def test_wrong_password_is_401(cloud):
    session = ks_session.Session(auth=_password_auth(cloud, password="nope",
                                                     project_name="admin",
                                                     project_domain_id="default"))
    try:
        session.get_token()
    except ks_exc.Unauthorized:
        pass
    else:
        raise AssertionError("a wrong password gave a token")
