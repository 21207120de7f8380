"""Credential blobs encrypted at rest, as Keystone does.

Every credential's blob (an EC2 secret is one) is stored as a Fernet token
made with the primary key of `[credential] key_repository`, a repository like
the token keys' (key 0 staged, the highest primary), together with key_hash,
the sha256 of the key that encrypted it. The API decrypts it for whoever may
read the credential.

Keystone's rules for the keys: the repository keeps MAX_ACTIVE_KEYS (staged,
primary and one secondary); `rotate` promotes the staged key, and so makes
the primary a secondary and drops the older secondary. It refuses while any
credential is not encrypted with the primary key, so a key that still
encrypts something is never dropped; `migrate` re-encrypts every such
credential with the primary key. The order is rotate, migrate, rotate...

A credential written before encryption (key_hash NULL: schema 0008 added the
column) is read as it is until `migrate`, or bootstrap, encrypts it.
"""
from __future__ import annotations

import os

from cryptography.fernet import InvalidToken
from oslo_log import log as logging

from onestack.common import exceptions
from onestack.db import identity as db
from onestack.identity import fernet_keys

LOG = logging.getLogger(__name__)
MAX_ACTIVE_KEYS = 3
_keyrings: dict[str, fernet_keys.KeyRing] = {}


def _keyring(conf) -> fernet_keys.KeyRing:
    repository = conf.credential.key_repository
    if repository not in _keyrings:
        _keyrings[repository] = fernet_keys.KeyRing(repository)
    return _keyrings[repository]


def seal(conf, blob: str) -> dict:
    """The columns that store blob: {"blob": its Fernet token, "key_hash": ...}."""
    fernet, primary_hash = _keyring(conf).with_primary_hash()
    return {"blob": fernet.encrypt(blob.encode()).decode(), "key_hash": primary_hash}


def unseal(conf, row) -> str:
    """The plain blob of a credential row."""
    if row.key_hash is None:  # written before encryption, not yet migrated
        return row.blob
    try:
        return _keyring(conf).fernet().decrypt(row.blob.encode()).decode()
    except InvalidToken:
        LOG.error("Credential %s is encrypted with a key that is not in %s",
                  row.id, conf.credential.key_repository)
        raise exceptions.OnestackError(
            "Credential could not be decrypted. Please contact the "
            "administrator.") from None


def setup(conf) -> None:
    """Create the key repository if it has no keys (never the token keys')."""
    repository = os.path.abspath(conf.credential.key_repository)
    if repository == os.path.abspath(conf.fernet_tokens.key_repository):
        raise exceptions.BadRequest(
            "[credential] key_repository must not be [fernet_tokens] key_repository.")
    fernet_keys.setup(repository)


def rotate(conf) -> int:
    """A new primary key; returns its index. Refused (Conflict) while some
    credential is not encrypted with the current primary key."""
    _, primary_hash = _keyring(conf).with_primary_hash()
    if db.credential_key_hashes() - {primary_hash}:
        raise exceptions.Conflict(
            "Unable to rotate credential keys because not all credentials are "
            "encrypted with the primary key. Please make sure all credentials "
            "have been encrypted with the primary key using `onestack-manage "
            "credential migrate`.")
    return fernet_keys.rotate(conf.credential.key_repository, MAX_ACTIVE_KEYS)


def migrate(conf, plain_only: bool = False) -> int:
    """Encrypt with the primary key every credential that is not (only those
    still in plain text with plain_only); returns how many were."""
    _, primary_hash = _keyring(conf).with_primary_hash()
    done = 0
    for row in db.list_("credential"):
        if row.key_hash == primary_hash or (plain_only and row.key_hash is not None):
            continue
        try:
            db.update("credential", row.id, **seal(conf, unseal(conf, row)))
        except exceptions.NotFound:
            continue  # deleted meanwhile
        done += 1
    return done
