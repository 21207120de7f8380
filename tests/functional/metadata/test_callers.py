"""Who may ask: an instance by its own address, a proxy in front through
X-Forwarded-For (only with use_forwarded_for), a metadata proxy through
signed headers (only with the secret); nobody else, and no one ever gets
another instance's data."""
from __future__ import annotations

import contextlib

import pytest

from tests.functional.metadata import support
from tests.functional.metadata.support import ask

META = "/openstack/latest/meta_data.json"


@contextlib.contextmanager
def override(cloud, name, value, group=None):
    cloud.conf.set_override(name, value, group)
    try:
        yield
    finally:
        cloud.conf.clear_override(name, group)


@pytest.fixture(scope="module")
def two(cloud, tmp_path_factory):
    """Two servers of two projects: [(server, project), ...]."""
    from tests.functional.compute.conftest import new_tenant
    result = []
    for index in range(2):
        sdk, project = new_tenant(cloud)
        env = support.member_env(cloud, project)
        tmp = tmp_path_factory.mktemp(f"caller{index}")
        key = support.make_key_pair(cloud, tmp, env)
        result.append((support.boot(cloud, sdk, env, key.name, tmp, name=f"s{index}"),
                       project))
    return result


def signed(instance_id, tenant_id, secret=support.SECRET):
    from onestack.api.metadata.handler import signature
    return {"X-Instance-ID": instance_id, "X-Tenant-ID": tenant_id,
            "X-Instance-ID-Signature": signature(secret, instance_id)}


def test_each_instance_gets_its_own_data(cloud, two):
    for server, project in two:
        data = ask(cloud, META, source=server["address"]).json()
        assert (data["uuid"], data["project_id"]) == (server["id"], project.id)


def test_an_unknown_caller_gets_404(cloud, two):
    for source in ("127.0.0.1", "127.42.0.250", None):
        for path in (META, "/latest/meta-data/", "/2009-04-04/user-data",
                     "/openstack/latest/password"):
            assert ask(cloud, path, source=source).status == 404, (source, path)


def test_forwarded_for_is_ignored_unless_enabled(cloud, two):
    (server, _), _ = two
    forwarded = {"X-Forwarded-For": server["address"]}
    assert ask(cloud, META, source="127.0.0.1", headers=forwarded).status == 404
    with override(cloud, "use_forwarded_for", True, "api"):
        reply = ask(cloud, META, source="127.0.0.1", headers=forwarded)
        assert reply.status == 200 and reply.json()["uuid"] == server["id"]
        # a proxy chain: the first address is the instance's
        chain = {"X-Forwarded-For": f"{server['address']}, 10.1.1.1"}
        assert ask(cloud, META, headers=chain).json()["uuid"] == server["id"]
        assert ask(cloud, META, headers={"X-Forwarded-For": "127.42.0.250"}
                   ).status == 404
        assert ask(cloud, META, headers={"X-Forwarded-For": "not-an-address"}
                   ).status == 404


def test_signed_proxy_headers(cloud, two):
    (first, first_project), (second, second_project) = two
    reply = ask(cloud, META, headers=signed(first["id"], first_project.id))
    assert reply.status == 200 and reply.json()["uuid"] == first["id"]
    ec2 = ask(cloud, "/latest/meta-data/local-ipv4",
              headers=signed(second["id"], second_project.id))
    assert ec2.text == second["address"]


def test_a_forged_or_missing_signature_is_403(cloud, two):
    (first, project), _ = two
    forged = signed(first["id"], project.id, secret="guess")
    assert ask(cloud, META, headers=forged).status == 403
    unsigned = {"X-Instance-ID": first["id"], "X-Tenant-ID": project.id}
    assert ask(cloud, META, headers=unsigned).status == 403
    # a signature of another instance's id does not fit this one
    other = signed(two[1][0]["id"], project.id)
    other["X-Instance-ID"] = first["id"]
    assert ask(cloud, META, headers=other).status == 403


def test_a_tenant_that_does_not_own_the_instance_is_404(cloud, two):
    (first, _), (_, second_project) = two
    assert ask(cloud, META, headers=signed(first["id"], second_project.id)
               ).status == 404
    assert ask(cloud, META, headers=signed("no-such-instance", second_project.id)
               ).status == 404


def test_proxy_headers_count_for_nothing_without_the_secret(cloud, two):
    (first, project), _ = two
    with override(cloud, "metadata_proxy_shared_secret", ""):
        assert ask(cloud, META, source="127.0.0.1",
                   headers=signed(first["id"], project.id)).status == 404
        # from an instance's address the headers do not name another one
        (second, second_project) = two[1]
        reply = ask(cloud, META, source=second["address"],
                    headers=signed(first["id"], project.id))
        assert reply.json()["uuid"] == second["id"]
