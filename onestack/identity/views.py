"""JSON views of identity objects, shaped as Keystone shows them."""
from onestack.identity.base import url


def domain(req, row) -> dict:
    return {"id": row.id, "name": row.name, "description": row.description or "",
            "enabled": row.enabled, "tags": [], "options": {},
            "links": {"self": url(req, f"/v3/domains/{row.id}")}}


def project(req, row) -> dict:
    return {"id": row.id, "name": row.name, "domain_id": row.domain_id,
            "description": row.description or "", "enabled": row.enabled,
            "parent_id": row.parent_id or row.domain_id, "is_domain": False,
            "tags": [], "options": {},
            "links": {"self": url(req, f"/v3/projects/{row.id}")}}


def user(req, row) -> dict:
    body = {"id": row.id, "name": row.name, "domain_id": row.domain_id,
            "enabled": row.enabled, "password_expires_at": None, "options": {},
            "links": {"self": url(req, f"/v3/users/{row.id}")}}
    if row.default_project_id:
        body["default_project_id"] = row.default_project_id
    if row.email:
        body["email"] = row.email
    if row.description:
        body["description"] = row.description
    return body


def role(req, row) -> dict:
    return {"id": row.id, "name": row.name, "domain_id": None,
            "description": row.description or "", "options": {},
            "links": {"self": url(req, f"/v3/roles/{row.id}")}}


def service(req, row) -> dict:
    return {"id": row.id, "type": row.type, "name": row.name,
            "description": row.description or "", "enabled": row.enabled,
            "links": {"self": url(req, f"/v3/services/{row.id}")}}


def endpoint(req, row) -> dict:
    return {"id": row.id, "service_id": row.service_id, "interface": row.interface,
            "region": row.region_id, "region_id": row.region_id, "url": row.url,
            "enabled": row.enabled,
            "links": {"self": url(req, f"/v3/endpoints/{row.id}")}}


def v2_tenant(row) -> dict:
    return {"id": row.id, "name": row.name, "description": row.description or "",
            "enabled": row.enabled}
