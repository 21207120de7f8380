"""/os-keypairs: each user's key pairs.

POST without public_key generates an RSA key and returns its private key,
once; with one, imports it (checked by parsing it). From 2.2 key pairs have a
type (ssh or x509), from 2.10 the admin may name another user (user_id), from
2.35 lists page with limit and marker.
"""
from __future__ import annotations

from onestack.api.openstack import base, params, timestamps
from onestack.api.openstack.policies import keypairs as policies
from onestack.api.openstack.schemas import keypairs as schemas
from onestack.common import exceptions
from onestack.compute import keypair_crypto, quotas as compute_quotas
from onestack.db import keypairs as keypair_db
from onestack.db import quotas
from onestack.wsgi import validation


def summary(req, row) -> dict:
    body = {"name": row.name, "public_key": row.public_key,
            "fingerprint": row.fingerprint}
    if base.at_least(req, "2.2"):
        body["type"] = row.type
    return body


def created(req, row, private_key: str | None) -> dict:
    body = summary(req, row)
    body["user_id"] = row.user_id
    if private_key is not None:
        body["private_key"] = private_key
    return body


def shown(req, row) -> dict:
    body = created(req, row, None)
    body.update({"created_at": timestamps.precise(row.created_at), "deleted": False,
                 "deleted_at": None, "id": row.id,
                 "updated_at": timestamps.precise(row.updated_at)})
    return body


def target_user(req) -> str:
    """The user a request is about: ?user_id (2.10, for the admin) or the caller."""
    ctx = req.context.ctx
    if base.at_least(req, "2.10"):
        return params.first(req, "user_id") or ctx.user_id
    return ctx.user_id


def _create_schema(req) -> dict:
    if base.at_least(req, "2.10"):
        return schemas.create_v210
    if base.at_least(req, "2.2"):
        return schemas.create_v22
    return schemas.create


class Keypairs(base.Resource):
    """GET and POST /os-keypairs."""

    def on_get(self, req, resp):
        if base.at_least(req, "2.75"):
            params.reject_unknown(req, schemas.INDEX_QUERY_V235)
        user_id = target_user(req)
        self.authorize(req, policies.BASE % "index", {"user_id": user_id})
        paged = base.at_least(req, "2.35")
        limit, marker = base.limit_and_marker(req) if paged else (None, None)
        try:
            rows = keypair_db.list_(user_id, limit, marker)
        except exceptions.NotFound as error:
            raise exceptions.BadRequest(error.message)
        body = {"keypairs": [{"keypair": summary(req, row)} for row in rows]}
        if paged:
            links = base.next_links(req, "/os-keypairs", [r.name for r in rows], limit)
            if links:
                body["keypairs_links"] = links
        resp.media = body

    def on_post(self, req, resp):
        ctx = req.context.ctx
        values = validation.read_valid_json(req, _create_schema(req))["keypair"]
        user_id = values.get("user_id") or ctx.user_id
        self.authorize(req, policies.BASE % "create", {"user_id": user_id})
        key_type = values.get("type", keypair_crypto.SSH)
        limit = compute_quotas.key_pairs_limit(self.conf, ctx.project_id, user_id)
        quotas.check("key_pairs", keypair_db.count(user_id), 1, limit)
        private_key = None
        if "public_key" in values:
            public_key = values["public_key"]
        else:
            private_key, public_key = keypair_crypto.generate(key_type, user_id)
        fingerprint = keypair_crypto.fingerprint(key_type, public_key)
        row = keypair_db.create(user_id, values["name"], public_key, fingerprint,
                                key_type, limit)
        resp.status = 201 if base.at_least(req, "2.2") else 200
        resp.media = {"keypair": created(req, row, private_key)}


class Keypair(base.Resource):
    """GET and DELETE /os-keypairs/{name}."""

    def _user(self, req, rule: str) -> str:
        if base.at_least(req, "2.75"):
            params.reject_unknown(req, schemas.SHOW_QUERY_V210)
        user_id = target_user(req)
        self.authorize(req, policies.BASE % rule, {"user_id": user_id})
        return user_id

    def on_get(self, req, resp, name):
        user_id = self._user(req, "show")
        resp.media = {"keypair": shown(req, keypair_db.get_keypair(user_id, name))}

    def on_delete(self, req, resp, name):
        user_id = self._user(req, "delete")
        keypair_db.delete_(user_id, name)
        resp.status = 204 if base.at_least(req, "2.2") else 202


ROUTES = (
    ("/os-keypairs", lambda conf: Keypairs(conf)),
    ("/os-keypairs/{name}", lambda conf: Keypair(conf)),
)
