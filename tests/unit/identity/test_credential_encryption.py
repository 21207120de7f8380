"""Schema 0008 keeps existing credential blobs, in plain text; bootstrap's
migrate(plain_only=True) encrypts them, and the schema does not go back
below 0008 while any is encrypted."""
import json

import pytest
import sqlalchemy
from alembic import command
from cryptography.fernet import Fernet

from onestack.common import exceptions
from onestack.db import engine, migration
from onestack.db import identity as db
from onestack.identity import credential_encryption

PLAIN = json.dumps({"access": "a1", "secret": "s1", "trust_id": None})


@pytest.fixture
def conf(fresh_conf):
    return fresh_conf


def _insert_plain_credential_at_0006():
    migration.sync("0007")
    _user()  # the tables of users are the same at 0006
    with engine.get_engine().begin() as connection:
        connection.execute(sqlalchemy.text(
            "INSERT INTO credentials (id, user_id, project_id, type, blob, created_at) "
            "VALUES ('c1', 'u1', 'p1', 'ec2', :blob, CURRENT_TIMESTAMP)"), {"blob": PLAIN})


def test_upgrade_keeps_plain_blobs_and_migrate_encrypts_them(conf):
    _insert_plain_credential_at_0006()
    migration.sync()
    row = db.get("credential", "c1")
    assert (row.blob, row.key_hash) == (PLAIN, None)
    assert credential_encryption.unseal(conf, row) == PLAIN

    credential_encryption.setup(conf)
    assert credential_encryption.migrate(conf, plain_only=True) == 1
    row = db.get("credential", "c1")
    assert "s1" not in row.blob and row.key_hash is not None
    assert credential_encryption.unseal(conf, row) == PLAIN
    assert credential_encryption.migrate(conf, plain_only=True) == 0

    with pytest.raises(RuntimeError, match="1 credentials are encrypted"):
        with engine.get_engine().begin() as connection:
            command.downgrade(migration._alembic_config(connection), "0007")


def _user():
    db.create("domain", id="default", name="Default")
    db.create("user", id="u1", name="user1", domain_id="default")


def test_a_dropped_key_is_a_clear_error(conf):
    migration.sync()
    credential_encryption.setup(conf)
    _user()
    sealed = credential_encryption.seal(conf, PLAIN)
    foreign = Fernet(Fernet.generate_key()).encrypt(b"x").decode()
    db.create("credential", id="c2", user_id="u1", type="ec2",
              blob=foreign, key_hash=sealed["key_hash"])
    with pytest.raises(exceptions.OnestackError,
                       match="Credential could not be decrypted"):
        credential_encryption.unseal(conf, db.get("credential", "c2"))
