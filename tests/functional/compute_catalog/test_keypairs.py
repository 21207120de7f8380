"""Key pairs through openstacksdk, novaclient, the openstack CLI and raw HTTP."""
import base64
import hashlib
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from novaclient import client as nova_client

from tests.functional.compute_catalog.support import fault, unique


def md5_fingerprint(public_key: str) -> str:
    digest = hashlib.md5(base64.b64decode(public_key.split()[1])).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, 32, 2))


def openssh_line(private_key) -> str:
    return private_key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def test_generate_show_list_delete_with_sdk(cloud):
    sdk = cloud.sdk()
    name = unique("gen")
    created = sdk.compute.create_keypair(name=name)
    assert created.private_key.startswith("-----BEGIN RSA PRIVATE KEY-----")
    key = serialization.load_pem_private_key(created.private_key.encode(), None)
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048
    assert created.public_key.startswith(openssh_line(key))
    assert created.fingerprint == md5_fingerprint(created.public_key)
    assert created.type == "ssh"
    shown = sdk.compute.get_keypair(name)
    assert shown.private_key is None and shown.fingerprint == created.fingerprint
    assert name in {k.name for k in sdk.compute.keypairs()}
    sdk.compute.delete_keypair(name)
    assert sdk.compute.find_keypair(name) is None


@pytest.mark.parametrize("make_key", [
    ed25519.Ed25519PrivateKey.generate,
    lambda: ec.generate_private_key(ec.SECP256R1()),
    lambda: ec.generate_private_key(ec.SECP384R1()),
    lambda: ec.generate_private_key(ec.SECP521R1()),
    lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
], ids=["ed25519", "nistp256", "nistp384", "nistp521", "rsa"])
def test_import_key_types(admin, make_key):
    public_key = openssh_line(make_key()) + " me@example"
    name = unique("imp")
    created = admin("POST", "/os-keypairs", "2.2",
                    json={"keypair": {"name": name, "public_key": public_key}})
    assert created.status_code == 201, created.text
    body = created.json()["keypair"]
    assert "private_key" not in body and body["public_key"] == public_key
    assert body["fingerprint"] == md5_fingerprint(public_key)
    assert (body["type"], body["user_id"]) == ("ssh", admin.user_id)
    assert admin("DELETE", f"/os-keypairs/{name}", "2.2").status_code == 204


def test_cli_generates_locally_and_uploads(cloud):
    name = unique("cli")
    result = cloud.cli("keypair", "create", name)
    assert "PRIVATE KEY" in result.stdout
    shown = json.loads(cloud.cli("keypair", "show", name, "-f", "json").stdout)
    assert shown["name"] == name and shown["type"] == "ssh"
    stored = cloud.sdk().compute.get_keypair(name)
    assert stored.public_key.startswith("ssh-ed25519 ")
    assert stored.fingerprint == md5_fingerprint(stored.public_key)
    cloud.cli("keypair", "delete", name)
    assert cloud.sdk().compute.find_keypair(name) is None


def test_shapes_and_codes_per_microversion(admin):
    name = unique("ver")
    created = admin("POST", "/os-keypairs", json={"keypair": {"name": name}})
    assert created.status_code == 200
    assert set(created.json()["keypair"]) == {"name", "public_key", "fingerprint",
                                             "user_id", "private_key"}
    shown = admin("GET", f"/os-keypairs/{name}").json()["keypair"]
    assert set(shown) == {"name", "public_key", "fingerprint", "user_id", "created_at",
                          "deleted", "deleted_at", "id", "updated_at"}
    assert shown["deleted"] is False and isinstance(shown["id"], int)
    assert shown["created_at"][10] == "T"
    listed = admin("GET", "/os-keypairs").json()["keypairs"]
    mine = [k["keypair"] for k in listed if k["keypair"]["name"] == name]
    assert set(mine[0]) == {"name", "public_key", "fingerprint"}
    assert admin("GET", f"/os-keypairs/{name}", "2.2").json()["keypair"]["type"] == "ssh"
    assert admin("DELETE", f"/os-keypairs/{name}").status_code == 202
    message = fault(admin("GET", f"/os-keypairs/{name}"), 404)
    assert message == f"Keypair {name} not found for user {admin.user_id}"


def test_x509_generate_and_import(admin):
    name = unique("x509")
    created = admin("POST", "/os-keypairs", "2.2",
                    json={"keypair": {"name": name, "type": "x509"}}).json()["keypair"]
    cert = x509.load_pem_x509_certificate(created["public_key"].encode())
    digest = cert.fingerprint(hashes.SHA1()).hex()
    assert created["fingerprint"] == ":".join(digest[i:i + 2] for i in range(0, 40, 2))
    assert created["type"] == "x509" and "PRIVATE KEY" in created["private_key"]
    other = unique("x509")
    imported = admin("POST", "/os-keypairs", "2.2", json={"keypair": {
        "name": other, "type": "x509", "public_key": created["public_key"]}})
    assert imported.json()["keypair"]["fingerprint"] == created["fingerprint"]
    fault(admin("POST", "/os-keypairs", "2.2", json={"keypair": {
        "name": unique("x"), "type": "x509", "public_key": "not a certificate"}}), 400)
    for key in (name, other):
        admin("DELETE", f"/os-keypairs/{key}", "2.2")


def test_paging_from_235(admin, tenant):
    names = sorted(unique("page") for _ in range(3))
    for name in names:
        tenant.api("POST", "/os-keypairs", json={"keypair": {"name": name}})
    everything = tenant.api("GET", "/os-keypairs", "2.34").json()
    assert "keypairs_links" not in everything
    assert [k["keypair"]["name"] for k in everything["keypairs"]] == names
    first = tenant.api("GET", "/os-keypairs?limit=2", "2.35").json()
    assert [k["keypair"]["name"] for k in first["keypairs"]] == names[:2]
    assert f"marker={names[1]}" in first["keypairs_links"][0]["href"]
    rest = tenant.api("GET", f"/os-keypairs?limit=2&marker={names[1]}", "2.35").json()
    assert [k["keypair"]["name"] for k in rest["keypairs"]] == names[2:]
    assert "keypairs_links" not in rest
    fault(tenant.api("GET", "/os-keypairs?marker=no-such", "2.35"), 400)
    fault(tenant.api("GET", "/os-keypairs?limit=-1", "2.35"), 400)
    fault(tenant.api("GET", "/os-keypairs?colour=red", "2.75"), 400)


def test_admin_acts_for_another_user_from_210(cloud, admin, tenant):
    name = unique("other")
    nova = nova_client.Client("2.10", session=cloud.session())
    created = nova.keypairs.create(name, user_id=tenant.user.id)
    assert created.user_id == tenant.user.id
    assert [k.name for k in nova.keypairs.list(user_id=tenant.user.id)] == [name]
    listed = tenant.api("GET", "/os-keypairs").json()["keypairs"]
    assert [k["keypair"]["name"] for k in listed] == [name]
    shown = admin("GET", f"/os-keypairs/{name}?user_id={tenant.user.id}", "2.10")
    assert shown.json()["keypair"]["user_id"] == tenant.user.id
    fault(tenant.api("GET", f"/os-keypairs?user_id={admin.user_id}", "2.10"), 403)
    fault(tenant.api("POST", "/os-keypairs", "2.10", json={
        "keypair": {"name": unique("x"), "user_id": admin.user_id}}), 403)
    fault(tenant.api("DELETE", f"/os-keypairs/{name}?user_id={admin.user_id}", "2.10"),
          403)
    nova.keypairs.delete(name, user_id=tenant.user.id)
    assert tenant.api("GET", "/os-keypairs").json() == {"keypairs": []}


def test_duplicate_name_is_409(admin):
    name = unique("dup")
    admin("POST", "/os-keypairs", json={"keypair": {"name": name}})
    assert f"'{name}' already exists" in fault(
        admin("POST", "/os-keypairs", json={"keypair": {"name": name}}), 409)
    admin("DELETE", f"/os-keypairs/{name}")


def test_key_pairs_quota_is_per_user(cloud, admin, tenant):
    put = admin("PUT", f"/os-quota-sets/{tenant.project.id}?user_id={tenant.user.id}",
                json={"quota_set": {"key_pairs": 1}})
    assert put.status_code == 200, put.text
    assert tenant.api("POST", "/os-keypairs",
                      json={"keypair": {"name": unique("q")}}).status_code == 200
    message = fault(tenant.api("POST", "/os-keypairs",
                               json={"keypair": {"name": unique("q")}}), 403)
    assert "key_pairs" in message
    detail = admin("GET", f"/os-quota-sets/{tenant.project.id}/detail"
                          f"?user_id={tenant.user.id}").json()["quota_set"]
    assert detail["key_pairs"] == {"limit": 1, "in_use": 1, "reserved": 0}
    name = unique("adm")  # the admin's own quota is untouched
    assert admin("POST", "/os-keypairs", json={"keypair": {"name": name}}).ok
    admin("DELETE", f"/os-keypairs/{name}")


BAD_KEYS = ["", "garbage", "ssh-rsa", "ssh-rsa AAAA", "ssh-rsa !!notbase64!!",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==",
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ x\nssh-rsa AAAA y",
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"]


@pytest.mark.parametrize("public_key", BAD_KEYS)
def test_garbage_public_keys_are_400(admin, public_key):
    message = fault(admin("POST", "/os-keypairs", json={"keypair": {
        "name": unique("bad"), "public_key": public_key}}), 400)
    assert "Keypair data is invalid" in message


@pytest.mark.parametrize("body", [
    {}, {"keypair": {}}, {"keypair": {"name": ""}}, {"keypair": {"name": "a/b"}},
    {"keypair": {"name": " lead"}}, {"keypair": {"name": "x" * 256}},
    {"keypair": {"name": "ok", "type": "ssh"}},  # type only from 2.2
    {"keypair": {"name": "ok", "public_key": 12}}, {"keypair": {"name": 5}},
    {"keypair": {"name": "ok", "colour": "red"}}, [],
])
def test_bad_bodies_are_400(admin, body):
    fault(admin("POST", "/os-keypairs", json=body), 400)


def test_bad_type_and_user_id_before_210(admin):
    fault(admin("POST", "/os-keypairs", "2.2",
                json={"keypair": {"name": "ok", "type": "pgp"}}), 400)
    fault(admin("POST", "/os-keypairs", "2.9",
                json={"keypair": {"name": "ok", "user_id": "someone"}}), 400)


def test_get_keypair_for_servers_code(admin):
    from onestack.db import keypairs
    name = unique("fn")
    body = admin("POST", "/os-keypairs", json={"keypair": {"name": name}}).json()
    row = keypairs.get_keypair(admin.user_id, name)
    assert (row.name, row.public_key) == (name, body["keypair"]["public_key"])
    admin("DELETE", f"/os-keypairs/{name}")
