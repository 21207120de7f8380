"""Credential blobs are encrypted at rest; `onestack-manage credential rotate`
and `credential migrate` follow Keystone's rules, and the owner keeps seeing
the plain blob through the API."""
import hashlib
import json
import os

from onestack.db import identity as db
from onestack.identity import bootstrap
from tests.support.processes import run


def _primary_hash(cloud) -> str:
    repository = cloud.conf.credential.key_repository
    primary = max(int(name) for name in os.listdir(repository) if name.isdigit())
    with open(os.path.join(repository, str(primary)), "rb") as handle:
        return hashlib.sha256(handle.read().strip()).hexdigest()


def _manage(cloud, *args):
    return run("onestack-manage", "--config-file", cloud.config_file, "credential",
               *args, check=False)


def _create_ec2(cloud, sdk):
    url = cloud.auth_url + f"/users/{sdk.current_user_id}/credentials/OS-EC2"
    return sdk.session.post(url, json={"tenant_id": sdk.current_project_id}
                            ).json()["credential"]


def _shown_secret(cloud, sdk, access) -> str:
    url = cloud.auth_url + f"/users/{sdk.current_user_id}/credentials/OS-EC2/{access}"
    return sdk.session.get(url).json()["credential"]["secret"]


def test_blob_is_stored_encrypted_and_shown_plain(cloud):
    sdk = cloud.sdk()
    created = _create_ec2(cloud, sdk)
    row = db.get("credential", hashlib.sha256(created["access"].encode()).hexdigest())
    assert created["secret"] not in row.blob and created["access"] not in row.blob
    assert row.key_hash == _primary_hash(cloud)
    assert _shown_secret(cloud, sdk, created["access"]) == created["secret"]
    generic = sdk.session.get(cloud.auth_url + f"/credentials/{row.id}"
                              ).json()["credential"]
    assert json.loads(generic["blob"])["secret"] == created["secret"]

    other = sdk.session.post(cloud.auth_url + "/credentials", json={"credential": {
        "type": "totp", "user_id": sdk.current_user_id, "blob": "a totp seed"}}
        ).json()["credential"]
    assert other["blob"] == "a totp seed"
    assert "totp seed" not in db.get("credential", other["id"]).blob


def test_rotate_keeps_old_credentials_readable_and_migrate_reencrypts(cloud):
    sdk = cloud.sdk()
    assert _manage(cloud, "migrate").returncode == 0  # whatever earlier tests left
    before = _create_ec2(cloud, sdk)
    first_hash = _primary_hash(cloud)

    rotated = _manage(cloud, "rotate")
    assert rotated.returncode == 0, rotated.stderr
    assert _primary_hash(cloud) != first_hash
    assert _shown_secret(cloud, sdk, before["access"]) == before["secret"]
    after = _create_ec2(cloud, sdk)
    assert db.get("credential", hashlib.sha256(after["access"].encode()).hexdigest()
                  ).key_hash == _primary_hash(cloud)

    # a second rotation would drop the key `before` is encrypted with
    refused = _manage(cloud, "rotate")
    assert refused.returncode != 0
    assert "not all credentials are encrypted with the primary key" in refused.stderr

    migrated = _manage(cloud, "migrate")
    assert migrated.returncode == 0 and "Encrypted " in migrated.stdout
    assert db.credential_key_hashes() == {_primary_hash(cloud)}
    assert _manage(cloud, "rotate").returncode == 0
    assert _manage(cloud, "migrate").returncode == 0
    for credential in (before, after):
        assert _shown_secret(cloud, sdk, credential["access"]) == credential["secret"]


def test_plain_blob_from_before_encryption_is_read_then_encrypted(cloud):
    sdk = cloud.sdk()
    blob = json.dumps({"access": "legacy-access", "secret": "legacy-secret",
                       "trust_id": None})
    row = db.create("credential", id=hashlib.sha256(b"legacy-access").hexdigest(),
                    user_id=sdk.current_user_id, project_id=sdk.current_project_id,
                    type="ec2", blob=blob, key_hash=None)
    try:
        assert _shown_secret(cloud, sdk, "legacy-access") == "legacy-secret"
        refused = _manage(cloud, "rotate")
        assert "not all credentials are encrypted" in refused.stderr, refused.stdout
        bootstrap.run(cloud.conf)  # as `make run` does at every start
        stored = db.get("credential", row.id)
        assert "legacy-secret" not in stored.blob
        assert stored.key_hash == _primary_hash(cloud)
        assert _shown_secret(cloud, sdk, "legacy-access") == "legacy-secret"
    finally:
        db.delete_("credential", row.id)


def test_setup_refuses_the_token_key_repository(cloud, tmp_path):
    config = tmp_path / "onestack.conf"
    config.write_text(open(cloud.config_file).read() +
                      f"\n[credential]\nkey_repository = "
                      f"{cloud.conf.fernet_tokens.key_repository}\n")
    result = run("onestack-manage", "--config-file", str(config), "credential", "setup",
                 check=False)
    assert result.returncode != 0
    assert "must not be [fernet_tokens] key_repository" in result.stderr
