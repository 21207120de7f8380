"""Fernet tokens: issue, validate, revoke.

A token carries who (user), for what (project or domain scope, or none), how
(auth methods), until when, and its audit ids. Roles are read at validation,
so a removed role or a disabled user or project takes effect at once.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime
import json
import os
import time

from cryptography.fernet import InvalidToken

from onestack.common import context as request_context
from onestack.common import exceptions
from onestack.db import identity as db
from onestack.db.models import utcnow
from onestack.identity import fernet_keys, implied_roles

_keyrings: dict[str, fernet_keys.KeyRing] = {}


@dataclasses.dataclass
class Token:
    user: object
    user_domain: object
    methods: list[str]
    expires_at: datetime.datetime
    issued_at: datetime.datetime
    audit_ids: list[str]
    project: object = None
    project_domain: object = None
    domain: object = None
    roles: list = dataclasses.field(default_factory=list)
    id: str = ""

    @property
    def scope_target(self):
        if self.project is not None:
            return "project", self.project.id
        if self.domain is not None:
            return "domain", self.domain.id
        return None, None


def _keyring(conf) -> fernet_keys.KeyRing:
    repository = conf.fernet_tokens.key_repository
    if repository not in _keyrings:
        _keyrings[repository] = fernet_keys.KeyRing(repository)
    return _keyrings[repository]


def _new_audit_id() -> str:
    return base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")


def _check_usable(token: Token) -> None:
    """Raises NotAuthenticated unless the user, domain and scope are usable now."""
    if not token.user.enabled or not token.user_domain.enabled:
        raise exceptions.NotAuthenticated(f"User {token.user.id} is disabled.")
    if token.project is not None:
        if not token.project.enabled or not token.project_domain.enabled:
            raise exceptions.NotAuthenticated(
                f"Project {token.project.id} is disabled.")
    if token.domain is not None and not token.domain.enabled:
        raise exceptions.NotAuthenticated(f"Domain {token.domain.id} is disabled.")
    kind, target = token.scope_target
    if kind and not token.roles:
        raise exceptions.NotAuthenticated(
            f"User {token.user.id} has no access to {kind} {target}.")


def issue(conf, user, methods, project=None, domain=None,
          parent_audit_id: str | None = None,
          expires_at: datetime.datetime | None = None) -> Token:
    now = utcnow()
    lifetime = datetime.timedelta(seconds=conf.token.expiration)
    expires = min(expires_at, now + lifetime) if expires_at else now + lifetime
    audit_ids = [_new_audit_id()] + ([parent_audit_id] if parent_audit_id else [])
    subject = db.token_subject(user.id, project.id if project else None,
                               domain.id if domain else None)
    if subject is None:
        raise exceptions.NotAuthenticated("The user, project or domain is gone.")
    token = _token(subject, methods=list(methods), expires_at=expires, issued_at=now,
                   audit_ids=audit_ids)
    _check_usable(token)
    payload = {"u": user.id, "m": token.methods, "p": project.id if project else None,
               "d": domain.id if domain else None,
               "e": expires.replace(tzinfo=datetime.timezone.utc).timestamp(),
               "i": now.replace(tzinfo=datetime.timezone.utc).timestamp(),
               "a": audit_ids}
    token.id = _keyring(conf).fernet().encrypt(
        json.dumps(payload, separators=(",", ":")).encode()).decode()
    return token


def _from_timestamp(value: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(value, datetime.timezone.utc).replace(tzinfo=None)


def validate(conf, token_id: str) -> Token:
    """The token's data, or NotAuthenticated if it is bad, expired or revoked."""
    invalid = exceptions.NotAuthenticated("The token is invalid, expired or revoked.")
    try:
        payload = json.loads(_keyring(conf).fernet().decrypt(token_id.encode()))
    except (InvalidToken, ValueError, TypeError):
        raise invalid
    if payload["e"] <= time.time():
        raise invalid
    issued_at = _from_timestamp(payload["i"])
    subject = db.token_subject(payload["u"], payload["p"], payload["d"],
                               audit_ids=payload["a"], issued_at=issued_at)
    if subject is None:
        raise invalid
    token = _token(subject, methods=payload["m"], issued_at=issued_at,
                   expires_at=_from_timestamp(payload["e"]), audit_ids=payload["a"],
                   id=token_id)
    try:
        _check_usable(token)
    except exceptions.NotAuthenticated:
        raise invalid
    return token


def _token(subject: db.TokenSubject, **values) -> Token:
    return Token(user=subject.user, user_domain=subject.user_domain,
                 project=subject.project, project_domain=subject.project_domain,
                 domain=subject.domain, roles=subject.roles, **values)


def revoke(conf, token: Token) -> None:
    db.revoke(audit_id=token.audit_ids[0], prune_before=_prune_before(conf))


def revoke_user(conf, user_id: str) -> None:
    """Invalidate every token of a user issued until now."""
    db.revoke(user_id=user_id, prune_before=_prune_before(conf))


def revoke_project(conf, project_id: str) -> None:
    db.revoke(project_id=project_id, prune_before=_prune_before(conf))


def _prune_before(conf) -> datetime.datetime:
    return utcnow() - datetime.timedelta(seconds=conf.token.expiration + 60)


def to_context(token: Token, request_id: str | None = None) -> request_context.RequestContext:
    """The request context of a token; its roles include the implied ones."""
    roles = implied_roles.effective(role.name for role in token.roles)
    return request_context.RequestContext(
        user_id=token.user.id, user_name=token.user.name,
        user_domain_id=token.user.domain_id,
        project_id=token.project.id if token.project else None,
        project_name=token.project.name if token.project else None,
        project_domain_id=token.project.domain_id if token.project else None,
        domain_id=token.domain.id if token.domain else None,
        roles=roles, is_admin="admin" in roles, auth_token=token.id,
        audit_ids=list(token.audit_ids),
        request_id=request_id or request_context.new_request_id())


def context_from_token(conf, token_id: str, request_id: str | None = None):
    return to_context(validate(conf, token_id), request_id)
