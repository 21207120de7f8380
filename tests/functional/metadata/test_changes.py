"""What an instance reads follows its changes at once (the cache is dropped
when the instance changes); the password round trip through `nova
get-password`; and the paths and methods the service refuses."""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.functional.metadata import support
from tests.functional.metadata.support import ask
from tests.support.cloud import VENV_BIN

META = "/openstack/latest/meta_data.json"


@pytest.fixture
def booted(cloud, tenant, tmp_path):
    sdk, project = tenant
    env = support.member_env(cloud, project)
    key = support.make_key_pair(cloud, tmp_path, env)
    server = support.boot(cloud, sdk, env, key.name, tmp_path)
    return {**server, "key": key, "env": env, "sdk": sdk}


def nova(env, *args) -> str:
    result = subprocess.run([os.path.join(VENV_BIN, "nova"), *args], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_metadata_changes_show_at_once(cloud, booted):
    source = booted["address"]
    assert ask(cloud, META, source=source).json()["meta"] == {
        "priority": "low", "role": "webserver"}
    cloud.cli("server", "set", "--property", "color=blue", booted["id"],
              env=booted["env"])
    assert ask(cloud, META, source=source).json()["meta"]["color"] == "blue"
    cloud.cli("server", "unset", "--property", "role", booted["id"], env=booted["env"])
    assert ask(cloud, META, source=source).json()["meta"] == {
        "priority": "low", "color": "blue"}


def test_security_group_changes_show_at_once(cloud, booted):
    created = booted["sdk"].compute.post("/os-security-groups", json={
        "security_group": {"name": "web", "description": "web"}})
    assert created.status_code == 200, created.text
    nova(booted["env"], "add-secgroup", booted["id"], "web")
    groups = ask(cloud, "/latest/meta-data/security-groups", source=booted["address"])
    assert sorted(groups.text.split("\n")) == ["default", "web"]


def test_a_deleted_server_is_404_at_once(cloud, booted):
    assert ask(cloud, META, source=booted["address"]).status == 200
    cloud.cli("server", "delete", booted["id"], env=booted["env"])
    for path in (META, "/latest/meta-data/instance-id", "/latest/user-data"):
        assert ask(cloud, path, source=booted["address"]).status == 404


def test_the_password_round_trip(cloud, booted):
    source, key = booted["address"], booted["key"]
    assert ask(cloud, "/openstack/latest/password", source=source).text == ""
    ciphered = key.encrypt("Sup3r-secret")
    posted = ask(cloud, "/openstack/latest/password", source=source, method="POST",
                 body=ciphered.encode())
    assert posted.status == 200
    again = ask(cloud, "/openstack/2013-04-04/password", source=source,
                method="POST", body=key.encrypt("other").encode())
    assert again.status == 409
    assert ask(cloud, "/openstack/latest/password", source=source).text == ciphered
    assert nova(booted["env"], "get-password", booted["id"]).strip() == ciphered
    assert nova(booted["env"], "get-password", booted["id"],
                key.private_key_path).strip() == "Sup3r-secret"
    nova(booted["env"], "clear-password", booted["id"])
    assert nova(booted["env"], "get-password", booted["id"]).strip() == ""
    # cleared, the instance may post a new one
    assert ask(cloud, "/openstack/latest/password", source=source, method="POST",
               body=key.encrypt("new").encode()).status == 200


def test_a_password_too_long_is_refused(cloud, booted):
    reply = ask(cloud, "/openstack/latest/password", source=booted["address"],
                method="POST", body=b"x" * 1021)
    assert reply.status == 400


def test_another_project_cannot_read_the_password(cloud, booted, other_tenant):
    sdk, _ = other_tenant
    reply = sdk.compute.get(f"/servers/{booted['id']}/os-server-password",
                            raise_exc=False)
    assert reply.status_code == 404


@pytest.mark.parametrize("path", [
    "/nothing", "/2009-04-04/meta-data/nothing", "/2010-01-01/meta-data/",
    "/openstack/2012-08-10/password", "/openstack/1999-01-01/meta_data.json",
    "/2009-04-04/meta-data/../../../etc/passwd", "/openstack/latest/../latest",
    "/2009-04-04/meta-data/%2e%2e/user-data", "/2009-04-04//meta-data/",
    "/2009-04-04/meta-data/public-keys/0/openssh-key/more/and/more/and/more/",
    "/openstack/latest/meta_data.json?file=/etc/passwd&x=1",
])
def test_unknown_paths_are_404(cloud, booted, path):
    reply = ask(cloud, path, source=booted["address"])
    if "?" in path:  # the query is no part of the path
        assert reply.status == 200
    else:
        assert reply.status == 404, reply.body


@pytest.mark.parametrize("method, path, allowed", [
    ("PUT", META, "GET, HEAD"), ("DELETE", "/latest/meta-data/", "GET, HEAD"),
    ("PATCH", "/", "GET, HEAD"), ("POST", META, "GET, HEAD"),
    ("POST", "/latest/user-data", "GET, HEAD"),
    ("PUT", "/openstack/latest/password", "GET, HEAD, POST"),
    ("DELETE", "/openstack/latest/password", "GET, HEAD, POST"),
])
def test_other_methods_are_405(cloud, booted, method, path, allowed):
    reply = ask(cloud, path, source=booted["address"], method=method, body=b"x")
    assert reply.status == 405 and reply.headers["Allow"] == allowed


def test_a_change_cast_by_another_process_reaches_the_cache(cloud):
    """What a compute or network service elsewhere casts on topic metadata
    (here through the transport, not the in-process shortcut)."""
    from onestack import rpc
    from onestack.common.context import RequestContext
    from onestack.compute import instance_changes
    from tests.support.processes import wait_for

    class Seen:
        def __init__(self):
            self.uuids = []

        def invalidate(self, uuid):
            self.uuids.append(uuid)
    seen = Seen()
    instance_changes.subscribe(seen)
    rpc.get_client(instance_changes.TOPIC).prepare(fanout=True).cast(
        RequestContext.admin(), "instance_changed", instance_uuid="some-uuid")
    wait_for(lambda: "some-uuid" in seen.uuids, timeout=5, interval=0.05,
             what="the fanout to reach the listener")
