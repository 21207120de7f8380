"""Bad input gets the right status with Keystone's error body, never a 500."""
import datetime
import uuid

import pytest
import requests

from onestack.db import identity as db
from onestack.identity import tokens


@pytest.fixture(scope="module")
def admin_headers(cloud):
    return {"X-Auth-Token": cloud.session().get_token()}


@pytest.fixture(scope="module")
def demo_headers(cloud):
    return {"X-Auth-Token": cloud.session("demo", "demo-secret", "demo").get_token()}


def _password_body(password="admin-secret", **scope):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": password}}}}}
    if scope:
        body["auth"]["scope"] = scope
    return body


def _expired_token(cloud):
    user = db.find("user", name="admin", domain_id="default")
    past = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) \
        - datetime.timedelta(seconds=5)
    return tokens.issue(cloud.conf, user, ["password"], expires_at=past).id


def _revoked_token(cloud):
    user = db.find("user", name="admin", domain_id="default")
    token = tokens.issue(cloud.conf, user, ["password"])
    tokens.revoke(cloud.conf, token)
    return token.id


CASES = [
    # (name, method, path, body or raw string, headers kind, expected status)
    ("malformed json", "POST", "/v3/auth/tokens", "{not json", None, 400),
    ("empty body", "POST", "/v3/auth/tokens", "", None, 400),
    ("no identity", "POST", "/v3/auth/tokens", {"auth": {}}, None, 400),
    ("methods not a list", "POST", "/v3/auth/tokens",
     {"auth": {"identity": {"methods": "password"}}}, None, 400),
    ("wrong password", "POST", "/v3/auth/tokens", _password_body("bad"), None, 401),
    ("unknown project", "POST", "/v3/auth/tokens",
     _password_body(project={"name": "nope", "domain": {"id": "default"}}), None, 401),
    ("unknown method", "POST", "/v3/auth/tokens",
     {"auth": {"identity": {"methods": ["totp"]}}}, None, 401),
    ("no token", "GET", "/v3/projects", None, None, 401),
    ("garbage token", "GET", "/v3/projects", None, "garbage", 401),
    ("expired token", "GET", "/v3/projects", None, "expired", 401),
    ("revoked token", "GET", "/v3/projects", None, "revoked", 401),
    ("project without name", "POST", "/v3/projects", {"project": {}}, "admin", 400),
    ("project name wrong type", "POST", "/v3/projects",
     {"project": {"name": 42}}, "admin", 400),
    ("project in unknown domain", "POST", "/v3/projects",
     {"project": {"name": "x", "domain_id": "nope"}}, "admin", 400),
    ("duplicate project", "POST", "/v3/projects", {"project": {"name": "demo"}},
     "admin", 409),
    ("duplicate user", "POST", "/v3/users", {"user": {"name": "demo"}}, "admin", 409),
    ("unknown project id", "GET", "/v3/projects/" + "0" * 32, None, "admin", 404),
    ("name where id is expected", "GET", "/v3/users/demo", None, "admin", 404),
    ("empty update", "PATCH", "/v3/users/{demo_user}", {"user": {}}, "admin", 400),
    ("grant of unknown role", "PUT",
     "/v3/projects/{demo_project}/users/{demo_user}/roles/" + "0" * 32, None, "admin", 404),
    ("member creates project", "POST", "/v3/projects", {"project": {"name": "x"}},
     "demo", 403),
    ("member lists users", "GET", "/v3/users", None, "demo", 403),
    ("member deletes role", "DELETE", "/v3/roles/{member_role}", None, "demo", 403),
    ("unknown path", "GET", "/v3/nothing-here", None, "admin", 404),
    ("method not allowed", "PUT", "/v3/projects", None, "admin", 405),
    ("validate without subject", "GET", "/v3/auth/tokens", None, "admin", 400),
    ("validate bad subject", "GET", "/v3/auth/tokens", None, "admin+bad-subject", 404),
    ("v2 without credentials", "POST", "/v2.0/tokens", {"auth": {}}, None, 400),
    ("v2 wrong password", "POST", "/v2.0/tokens", {"auth": {"tenantName": "demo",
     "passwordCredentials": {"username": "demo", "password": "x"}}}, None, 401),
    ("ec2 for unknown project", "POST", "/v3/users/{admin_user}/credentials/OS-EC2",
     {"tenant_id": "nope"}, "admin", 404),
    ("ec2 without tenant", "POST", "/v3/users/{admin_user}/credentials/OS-EC2",
     {}, "admin", 400),
    ("password change with wrong original", "POST", "/v3/users/{demo_user}/password",
     {"user": {"password": "a", "original_password": "wrong"}}, "demo", 401),
    ("json nested 1,000 deep", "POST", "/v3/auth/tokens", "[" * 1000 + "]" * 1000,
     None, 400),
    ("lone surrogate in user name and password", "POST", "/v3/auth/tokens",
     '{"auth": {"identity": {"methods": ["password"], "password": {"user": {'
     '"name": "\\ud800", "password": "\\udfff", "domain": {"id": "default"}}}}}}',
     None, 400),
    ("NUL in a project name", "POST", "/v3/projects",
     {"project": {"name": "p\x00q"}}, "admin", 400),
    ("project tag not a string", "POST", "/v3/projects",
     {"project": {"name": "tagged", "tags": [0]}}, "admin", 400),
    ("project tag with a comma", "POST", "/v3/projects",
     {"project": {"name": "tagged", "tags": ["a,b"]}}, "admin", 400),
]


@pytest.mark.parametrize("name,method,path,body,who,status", CASES,
                         ids=[case[0] for case in CASES])
def test_bad_input(cloud, admin_headers, demo_headers, name, method, path, body, who,
                   status):
    ids = {"demo_user": db.find("user", name="demo").id,
           "admin_user": db.find("user", name="admin").id,
           "demo_project": db.find("project", name="demo").id,
           "member_role": db.find("role", name="member").id}
    headers = {"Content-Type": "application/json"}
    if who == "admin":
        headers.update(admin_headers)
    elif who == "admin+bad-subject":
        headers.update(admin_headers, **{"X-Subject-Token": "bad"})
    elif who == "demo":
        headers.update(demo_headers)
    elif who == "expired":
        headers["X-Auth-Token"] = _expired_token(cloud)
    elif who == "revoked":
        headers["X-Auth-Token"] = _revoked_token(cloud)
    elif who:
        headers["X-Auth-Token"] = who
    kwargs = {"data": body} if isinstance(body, str) else {"json": body}
    counts_before = {kind: len(db.list_(kind)) for kind in ("project", "user")}
    reply = requests.request(method, cloud.url("identity") + path.format(**ids),
                             headers=headers, **kwargs)
    assert reply.status_code == status, reply.text
    error = reply.json()["error"]
    assert error["code"] == status and error["message"] and error["title"]
    assert {kind: len(db.list_(kind)) for kind in ("project", "user")} == counts_before
    if status == 401:
        assert "Keystone uri=" in reply.headers.get("WWW-Authenticate", "Keystone uri=")


def test_every_response_carries_a_request_id(cloud):
    reply = requests.get(cloud.url("identity") + "/v3")
    assert reply.headers["X-Openstack-Request-Id"].startswith("req-")
    uuid.UUID(reply.headers["X-Openstack-Request-Id"][4:])


@pytest.mark.parametrize("blob", ["[" * 1000 + "]" * 1000,
                                  '{"access": ["a"], "secret": "s"}',
                                  '{"access": "a", "secret": "\\ud800"}'],
                         ids=["nested deep", "access not text", "lone surrogate"])
def test_ec2_credential_blob_is_flat_json_text(cloud, admin_headers, blob):
    before = len(db.list_("credential"))
    reply = requests.post(cloud.url("identity") + "/v3/credentials",
                          headers=admin_headers, json={"credential": {
                              "type": "ec2", "blob": blob,
                              "user_id": db.find("user", name="admin").id,
                              "project_id": db.find("project", name="admin").id}})
    assert reply.status_code == 400, reply.text
    assert reply.json()["error"]["code"] == 400
    assert len(db.list_("credential")) == before
