"""Token bodies as Keystone v3 and v2.0 return them."""
from onestack.identity import catalog


def _time(value, fraction=True) -> str:
    if fraction:
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def v3(token, with_catalog: bool = True) -> dict:
    body = {
        "methods": token.methods,
        "user": {"id": token.user.id, "name": token.user.name,
                 "domain": {"id": token.user_domain.id, "name": token.user_domain.name},
                 "password_expires_at": None},
        "audit_ids": token.audit_ids,
        "expires_at": _time(token.expires_at),
        "issued_at": _time(token.issued_at),
    }
    if token.project is not None:
        body["project"] = {"id": token.project.id, "name": token.project.name,
                           "domain": {"id": token.project_domain.id,
                                      "name": token.project_domain.name}}
        body["is_domain"] = False
    if token.domain is not None:
        body["domain"] = {"id": token.domain.id, "name": token.domain.name}
    if token.project is not None or token.domain is not None:
        body["roles"] = [{"id": r.id, "name": r.name} for r in token.roles]
        if with_catalog:
            body["catalog"] = catalog.for_project(
                token.project.id if token.project else None)
    elif with_catalog:
        body["catalog"] = []
    return {"token": body}


def v2(token) -> dict:
    token_body = {"id": token.id, "expires": _time(token.expires_at, False),
                  "issued_at": _time(token.issued_at), "audit_ids": token.audit_ids}
    if token.project is not None:
        token_body["tenant"] = {"id": token.project.id, "name": token.project.name,
                                "description": token.project.description or "",
                                "enabled": token.project.enabled}
    access = {
        "token": token_body,
        "serviceCatalog": catalog.v2_from_v3(catalog.for_project(token.project.id))
        if token.project is not None else [],
        "user": {"id": token.user.id, "name": token.user.name,
                 "username": token.user.name,
                 "roles": [{"name": r.name} for r in token.roles],
                 "roles_links": []},
        "metadata": {"is_admin": 0, "roles": [r.id for r in token.roles]},
    }
    return {"access": access}
