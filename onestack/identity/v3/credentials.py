"""EC2 credentials: /v3/users/{id}/credentials/OS-EC2 and /v3/credentials.

Both views share one table; an EC2 credential is type "ec2" with the blob
{"access": ..., "secret": ..., "trust_id": null} and the id sha256(access).
Blobs are stored encrypted (identity/credential_encryption.py) and shown in
plain text to whoever may read them.
"""
import hashlib
import json
import secrets

import falcon

from onestack.common import exceptions
from onestack.db import identity as db
from onestack.db.models import TEXT_MAX_BYTES, text_fits
from onestack.identity import credential_encryption
from onestack.identity.base import Resource, body_of, collection, url
from onestack.wsgi import paging, validation


def ec2_id(access: str) -> str:
    return hashlib.sha256(access.encode()).hexdigest()


def create_ec2(conf, user_id: str, project_id: str, access: str | None = None,
               secret: str | None = None):
    access = access or secrets.token_hex(16)
    blob = {"access": access, "secret": secret or secrets.token_hex(16),
            "trust_id": None}
    return db.create("credential", id=ec2_id(access), user_id=user_id,
                     project_id=project_id, type="ec2",
                     **credential_encryption.seal(conf, json.dumps(blob)))


def _ec2_view(conf, req, row) -> dict:
    blob = json.loads(credential_encryption.unseal(conf, row))
    return {"user_id": row.user_id, "tenant_id": row.project_id,
            "access": blob["access"], "secret": blob["secret"],
            "trust_id": blob.get("trust_id"),
            "links": {"self": url(req, f"/v3/users/{row.user_id}/credentials/"
                                       f"OS-EC2/{blob['access']}")}}


def _view(conf, req, row) -> dict:
    return {"id": row.id, "user_id": row.user_id, "project_id": row.project_id,
            "type": row.type, "blob": credential_encryption.unseal(conf, row),
            "links": {"self": url(req, f"/v3/credentials/{row.id}")}}


def _ec2_of_user(user_id: str, access: str):
    row = db.get("credential", ec2_id(access)) if access else None
    if row is None or row.type != "ec2" or row.user_id != user_id:
        raise exceptions.NotFound(f"Could not find credential: {access}.")
    return row


class Ec2Credentials(Resource):
    def on_get(self, req, resp, user_id):
        db.get("user", user_id)
        self.authorize(req, "ec2_list_credentials", user_id=user_id)
        rows = db.list_("credential", user_id=user_id, type="ec2")
        resp.media = {"credentials": [_ec2_view(self.conf, req, r) for r in rows],
                      "links": paging.keystone_links(req)}

    def on_post(self, req, resp, user_id):
        db.get("user", user_id)
        self.authorize(req, "ec2_create_credential",
                       **{"target.credential.user_id": user_id})
        document = validation.read_valid_json(req, EC2_CREATE_SCHEMA)
        project = project_of_user(user_id, document["tenant_id"])
        row = create_ec2(self.conf, user_id, project.id)
        resp.status = falcon.HTTP_201
        resp.media = {"credential": _ec2_view(self.conf, req, row)}


def project_of_user(user_id: str, project_id: str):
    """The project an EC2 credential binds to: NotFound if there is none,
    Forbidden unless the user has a role on it."""
    project = db.get("project", project_id)
    if not db.roles_of(user_id, "project", project.id):
        raise exceptions.Forbidden(f"User {user_id} has no role on project "
                                   f"{project.id}.")
    return project


EC2_CREATE_SCHEMA = {"type": "object", "required": ["tenant_id"], "properties": {
    "tenant_id": {"type": "string", "minLength": 1}}}


class Ec2Credential(Resource):
    def on_get(self, req, resp, user_id, access):
        row = _ec2_of_user(user_id, access)
        self.authorize(req, "ec2_get_credential",
                       **{"target.credential.user_id": row.user_id})
        resp.media = {"credential": _ec2_view(self.conf, req, row)}

    def on_delete(self, req, resp, user_id, access):
        row = _ec2_of_user(user_id, access)
        self.authorize(req, "ec2_delete_credential",
                       **{"target.credential.user_id": row.user_id})
        db.delete_("credential", row.id)
        resp.status = falcon.HTTP_204


CREDENTIAL_SCHEMA = {"type": "object", "required": ["type", "blob", "user_id"],
                     "properties": {"type": {"type": "string", "minLength": 1},
                                    "blob": {"type": "string"},
                                    "user_id": {"type": "string"},
                                    "project_id": {"type": ["string", "null"]}}}


class Credentials(Resource):
    def on_get(self, req, resp):
        ctx = req.context.ctx
        user_id = req.get_param("user_id")
        if not ctx.is_admin:
            user_id = ctx.user_id
        self.authorize(req, "list_credentials",
                       **{"target.credential.user_id": user_id})
        rows = db.list_("credential", user_id=user_id, type=req.get_param("type"))
        resp.media = collection(req, "credentials",
                                [_view(self.conf, req, r) for r in rows])

    def on_post(self, req, resp):
        body = body_of(req, "credential", CREDENTIAL_SCHEMA)
        _check_size(body["blob"])
        self.authorize(req, "create_credential",
                       **{"target.credential.user_id": body["user_id"]})
        db.get("user", body["user_id"])
        if body["type"] == "ec2":
            access, secret = _ec2_keys(body["blob"])
            if not body.get("project_id"):
                raise exceptions.ValidationError("An ec2 credential needs a project_id.")
            if req.context.ctx.is_admin:  # as Keystone: the admin binds any project
                db.get("project", body["project_id"])
            else:
                project_of_user(body["user_id"], body["project_id"])
            row = create_ec2(self.conf, body["user_id"], body["project_id"], access,
                             secret)
        else:
            row = db.create("credential", user_id=body["user_id"],
                            project_id=body.get("project_id"), type=body["type"],
                            **credential_encryption.seal(self.conf, body["blob"]))
        resp.status = falcon.HTTP_201
        resp.media = {"credential": _view(self.conf, req, row)}


def _check_size(blob: str) -> None:
    if not text_fits(blob):  # Keystone has no limit but its column's
        raise exceptions.ValidationError(
            f"A credential blob holds at most {TEXT_MAX_BYTES} bytes (UTF-8).")


def _ec2_keys(blob: str) -> tuple[str, str]:
    try:
        document = validation.parse_json(blob)
        access, secret = document["access"], document["secret"]
        if not isinstance(access, str) or not isinstance(secret, str):
            raise TypeError(document)
    except (exceptions.BadRequest, KeyError, TypeError):
        raise exceptions.ValidationError(
            "An ec2 credential's blob is JSON with access and secret.")
    return access, secret


UPDATE_SCHEMA = {"type": "object", "minProperties": 1, "additionalProperties": False,
                 "properties": {"blob": {"type": "string"},
                                "type": {"type": "string", "minLength": 1},
                                "user_id": {"type": "string"},
                                "project_id": {"type": ["string", "null"]}}}


class Credential(Resource):
    def _row(self, req, credential_id, action):
        row = db.get("credential", credential_id)
        self.authorize(req, action, **{"target.credential.user_id": row.user_id})
        return row

    def on_get(self, req, resp, credential_id):
        row = self._row(req, credential_id, "get_credential")
        resp.media = {"credential": _view(self.conf, req, row)}

    def on_patch(self, req, resp, credential_id):
        """Only the blob changes, as in Keystone: a credential's type, owner
        and project stay what they were made with."""
        body = body_of(req, "credential", UPDATE_SCHEMA)
        row = self._row(req, credential_id, "update_credential")
        for name in ("type", "user_id", "project_id"):
            if name in body and body[name] != getattr(row, name):
                raise exceptions.ValidationError(
                    f"A credential's {name} cannot be changed; delete it and make "
                    "another.")
        if "blob" in body:
            _check_size(body["blob"])
            if row.type == "ec2":
                _ec2_keys(body["blob"])
            row = db.update("credential", credential_id,
                            **credential_encryption.seal(self.conf, body["blob"]))
        resp.media = {"credential": _view(self.conf, req, row)}

    def on_delete(self, req, resp, credential_id):
        self._row(req, credential_id, "delete_credential")
        db.delete_("credential", credential_id)
        resp.status = falcon.HTTP_204


ROUTES = (
    ("/v3/users/{user_id}/credentials/OS-EC2", Ec2Credentials),
    ("/v3/users/{user_id}/credentials/OS-EC2/{access}", Ec2Credential),
    ("/v3/credentials", Credentials),
    ("/v3/credentials/{credential_id}", Credential),
)
