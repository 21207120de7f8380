"""Turning auth requests (v3 methods and scope, v2.0 credentials) into tokens."""
import bcrypt

from onestack.common import exceptions
from onestack.db import identity as db
from onestack.identity import tokens

UNAUTHORIZED = "The request you have made requires authentication."


def hash_password(conf, password: str) -> str:
    rounds = conf.identity.password_hash_rounds
    return bcrypt.hashpw(password.encode()[:72], bcrypt.gensalt(rounds)).decode()


def check_password(user, password: str) -> bool:
    if not user.password_hash:
        return False
    return bcrypt.checkpw(password.encode()[:72], user.password_hash.encode())


def find_domain(ref: dict):
    """A domain by {"id": ...} or {"name": ...}; NotFound otherwise."""
    if ref.get("id"):
        return db.get("domain", ref["id"])
    row = db.find("domain", name=ref.get("name"))
    if row is None:
        raise exceptions.NotFound(f"Could not find domain: {ref.get('name')}.")
    return row


def _find_user(ref: dict):
    if ref.get("id"):
        return db.get("user", ref["id"])
    if not ref.get("domain"):
        raise exceptions.ValidationError("A user given by name needs a domain.")
    domain = find_domain(ref["domain"])
    row = db.find("user", name=ref.get("name"), domain_id=domain.id)
    if row is None:
        raise exceptions.NotFound(f"Could not find user: {ref.get('name')}.")
    return row


def password_user(conf, user_ref: dict):
    """The user whose password this is; 401 for any mismatch, without saying which."""
    try:
        user = _find_user(user_ref)
    except exceptions.NotFound:
        raise exceptions.NotAuthenticated(UNAUTHORIZED)
    if not check_password(user, user_ref.get("password") or ""):
        raise exceptions.NotAuthenticated(UNAUTHORIZED)
    if not user.enabled:
        raise exceptions.NotAuthenticated(f"User {user.id} is disabled.")
    return user


def resolve_project(ref: dict):
    try:
        if ref.get("id"):
            return db.get("project", ref["id"])
        domain = find_domain(ref.get("domain") or {})
        row = db.find("project", name=ref.get("name"), domain_id=domain.id)
    except exceptions.NotFound as exc:
        raise exceptions.NotAuthenticated(exc.message)
    if row is None:
        raise exceptions.NotAuthenticated(f"Could not find project: {ref.get('name')}.")
    return row


def issue_v3(conf, auth: dict) -> tokens.Token:
    """auth is the validated "auth" object of POST /v3/auth/tokens."""
    identity = auth["identity"]
    methods = identity["methods"]
    parent_audit_id = expires_at = None
    if "password" in methods:
        if "password" not in identity:
            raise exceptions.ValidationError("The password method needs a password object.")
        user = password_user(conf, identity["password"]["user"])
    elif "token" in methods:
        if "token" not in identity:
            raise exceptions.ValidationError("The token method needs a token object.")
        old = tokens.validate(conf, identity["token"]["id"])
        user, parent_audit_id, expires_at = old.user, old.audit_ids[0], old.expires_at
        methods = list(dict.fromkeys(old.methods + ["token"]))
    else:
        raise exceptions.NotAuthenticated(f"Unsupported auth methods: {methods}.")
    scope = auth.get("scope")
    project = domain = None
    if isinstance(scope, dict) and "project" in scope:
        project = resolve_project(scope["project"])
    elif isinstance(scope, dict) and "domain" in scope:
        try:
            domain = find_domain(scope["domain"])
        except exceptions.NotFound as exc:
            raise exceptions.NotAuthenticated(exc.message)
    elif isinstance(scope, dict) and "system" in scope:
        raise exceptions.NotAuthenticated("System scope is not supported; scope "
                                          "to a project instead.")
    elif scope is None and user.default_project_id:
        project = _default_project(user)
    return tokens.issue(conf, user, methods, project=project, domain=domain,
                        parent_audit_id=parent_audit_id, expires_at=expires_at)


def _default_project(user):
    """Keystone scopes a request without scope to the default project, if usable."""
    try:
        project = db.get("project", user.default_project_id)
    except exceptions.NotFound:
        return None
    if not project.enabled or not db.roles_of(user.id, "project", project.id):
        return None
    return project


def issue_v2(conf, auth: dict) -> tokens.Token:
    """auth is the validated "auth" object of POST /v2.0/tokens."""
    default_domain = {"id": conf.identity.default_domain_id}
    parent_audit_id = expires_at = None
    methods = ["password"]
    if "passwordCredentials" in auth:
        creds = auth["passwordCredentials"]
        ref = {"password": creds.get("password")}
        if creds.get("userId"):
            ref["id"] = creds["userId"]
        else:
            ref.update(name=creds.get("username"), domain=default_domain)
        user = password_user(conf, ref)
    elif "token" in auth:
        old = tokens.validate(conf, auth["token"]["id"])
        user, parent_audit_id, expires_at = old.user, old.audit_ids[0], old.expires_at
        methods = ["token"]
    else:
        raise exceptions.ValidationError("Expected passwordCredentials or token.")
    project = None
    if auth.get("tenantId"):
        project = resolve_project({"id": auth["tenantId"]})
    elif auth.get("tenantName"):
        project = resolve_project({"name": auth["tenantName"], "domain": default_domain})
    elif user.default_project_id:
        project = _default_project(user)
    return tokens.issue(conf, user, methods, project=project,
                        parent_audit_id=parent_audit_id, expires_at=expires_at)
