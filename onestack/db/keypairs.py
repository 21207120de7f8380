"""Repository of key pairs: each belongs to one user, named uniquely per user.

The `key_pairs` quota is per user: creation counts the user's key pairs in
the write transaction that adds one (their rows locked where the engine can;
SQLite serializes writers), so two concurrent creations cannot both pass.
"""
from __future__ import annotations

from sqlalchemy import func, select

from onestack.common import exceptions
from onestack.db import keyset, models, quotas
from onestack.db.engine import reader, transaction

K = models.KeyPair


def _missing(user_id: str, name: str) -> exceptions.NotFound:
    return exceptions.NotFound(f"Keypair {name} not found for user {user_id}")


def create(user_id: str, name: str, public_key: str, fingerprint: str,
           key_type: str, limit: int) -> K:
    """A new key pair; Conflict if the user has one of that name, OverQuota
    (403) if the user has `limit` already."""
    with transaction() as session:
        owned = list(session.scalars(select(K.name).where(K.user_id == user_id)
                                     .with_for_update()))
        if name in owned:
            raise exceptions.Conflict(f"Key pair '{name}' already exists.")
        quotas.check("key_pairs", len(owned), 1, limit)
        row = K(user_id=user_id, name=name, public_key=public_key,
                fingerprint=fingerprint, type=key_type)
        session.add(row)
    return row


def get_keypair(user_id: str, name: str) -> K:
    """The user's key pair of that name (name, public_key, fingerprint, type)."""
    with reader() as session:
        row = session.scalar(select(K).where(K.user_id == user_id, K.name == name))
    if row is None:
        raise _missing(user_id, name)
    return row


def list_(user_id: str, limit: int | None = None, marker: str | None = None) -> list[K]:
    """The user's key pairs by name, after the one named `marker`; NotFound
    if the user has no key pair of that name."""
    query = select(K).where(K.user_id == user_id).order_by(K.name)
    with reader() as session:
        if marker is not None:
            if session.scalar(select(K.id).where(K.user_id == user_id,
                                                 K.name == marker)) is None:
                raise exceptions.NotFound(f"Marker {marker} could not be found.")
            query = query.where(keyset.after(((K.name, "asc"),), (marker,)))
        if limit is not None:
            query = query.limit(limit)
        return list(session.scalars(query))


def count(user_id: str) -> int:
    with reader() as session:
        return session.scalar(select(func.count()).select_from(K)
                              .where(K.user_id == user_id))


def delete_(user_id: str, name: str) -> None:
    with transaction() as session:
        row = session.scalar(select(K).where(K.user_id == user_id, K.name == name))
        if row is None:
            raise _missing(user_id, name)
        session.delete(row)
