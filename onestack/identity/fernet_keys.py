"""The fernet key repository: key 0 is staged, the highest is primary.

Rotation promotes the staged key to primary, stages a new key 0 and drops the
oldest secondaries beyond max_active_keys, so tokens made with any kept key
still validate. Token keys ([fernet_tokens]) and credential keys
([credential], identity/credential_encryption.py) are two such repositories.
"""
import hashlib
import os

from cryptography.fernet import Fernet, MultiFernet

from onestack.common import exceptions


def _key_files(repository: str) -> dict[int, str]:
    if not os.path.isdir(repository):
        return {}
    return {int(name): os.path.join(repository, name)
            for name in os.listdir(repository) if name.isdigit()}


def _write_key(repository: str, index: int) -> None:
    path = os.path.join(repository, str(index))
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(Fernet.generate_key())
    os.replace(tmp, path)


def setup(repository: str) -> None:
    """Create the repository with a staged and a primary key if it has none."""
    os.makedirs(repository, mode=0o700, exist_ok=True)
    keys = _key_files(repository)
    if 0 not in keys:
        _write_key(repository, 0)
    if len(_key_files(repository)) < 2:
        _write_key(repository, 1)


def rotate(repository: str, max_active_keys: int) -> int:
    """Rotate the keys; returns the index of the new primary key."""
    keys = _key_files(repository)
    if 0 not in keys:
        raise exceptions.NotFound(f"No fernet keys in {repository}; run "
                                  "`onestack-manage fernet setup`.")
    new_primary = max(keys) + 1
    os.replace(keys[0], os.path.join(repository, str(new_primary)))
    _write_key(repository, 0)
    keys = _key_files(repository)
    secondaries = sorted(index for index in keys if index not in (0, new_primary))
    excess = len(keys) - max(max_active_keys, 2)
    for index in secondaries[:max(excess, 0)]:
        os.remove(keys[index])
    return new_primary


class KeyRing:
    """MultiFernet over the repository, reloaded when the files change."""

    def __init__(self, repository: str):
        self.repository = repository
        self._stamp = None
        self._loaded = None  # (MultiFernet, sha256 of the primary key)

    def _current_stamp(self):
        keys = _key_files(self.repository)
        return tuple(sorted((i, os.stat(p).st_mtime_ns) for i, p in keys.items()))

    def fernet(self) -> MultiFernet:
        return self.with_primary_hash()[0]

    def with_primary_hash(self) -> tuple[MultiFernet, str]:
        """fernet() and the sha256 of the key it encrypts with (the primary),
        read together; the hash names the key without giving it away."""
        stamp = self._current_stamp()
        if stamp != self._stamp:
            keys = _key_files(self.repository)
            if not keys:
                raise exceptions.ServiceUnavailable(
                    f"No fernet keys in {self.repository}.")
            fernets, primary_hash = [], None
            for index in sorted(keys, reverse=True):  # primary first, staged last
                with open(keys[index], "rb") as handle:
                    key = handle.read().strip()
                fernets.append(Fernet(key))
                primary_hash = primary_hash or hashlib.sha256(key).hexdigest()
            self._loaded = (MultiFernet(fernets), primary_hash)
            self._stamp = stamp
        return self._loaded
