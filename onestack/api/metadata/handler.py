"""The metadata service (port 8775): who asks, and the answer from its tree.

An instance is known by the fixed IP its request comes from (the network
host DNATs 169.254.169.254:80 here), by X-Forwarded-For with `[api]
use_forwarded_for`, or, behind a metadata proxy, by X-Instance-ID signed
with `metadata_proxy_shared_secret`. Whoever is no instance gets 404; only
the version lists at / and /openstack are for anyone.
"""
from __future__ import annotations

import hashlib
import hmac
import os

import falcon
from oslo_log import log as logging

from onestack.api.metadata import cache as metadata_cache
from onestack.api.metadata import tree as metadata_tree
from onestack.common import exceptions
from onestack.compute import instance_changes, instance_facts, server_password
from onestack.wsgi import app as wsgi_app
from onestack.wsgi.middleware import RequestLog
from onestack.wsgi.safe_text import SafeText

LOG = logging.getLogger(__name__)
READ_METHODS = ("GET", "HEAD")
MAX_SEGMENTS = 8
RANDOM_SEED_BYTES = 512


def signature(secret: str, instance_id: str) -> str:
    """What a metadata proxy sends as X-Instance-ID-Signature."""
    return hmac.new(secret.encode("utf-8"), instance_id.encode("utf-8"),
                    hashlib.sha256).hexdigest()


def segments_of(path: str) -> tuple[str, ...] | None:
    """The path's segments (a trailing slash names the same folder); None
    for one no tree has (empty or dot segments, too deep)."""
    parts = path.strip("/").split("/") if path.strip("/") else []
    if len(parts) > MAX_SEGMENTS or any(part in ("", ".", "..") for part in parts):
        return None
    return tuple(parts)


class Metadata:
    def __init__(self, conf):
        self.conf = conf
        self.cache = metadata_cache.Cache(conf.api.metadata_cache_expiration)
        instance_changes.subscribe(self.cache)

    def __call__(self, req, resp, **_):
        segments = segments_of(req.path)
        if req.method not in (*READ_METHODS, "POST"):
            self._refuse_method(segments)
        if segments is None:
            raise exceptions.NotFound("The resource could not be found.")
        if segments == ():
            return self._send(resp, metadata_tree.EC2_ROOT)
        if segments == ("openstack",):
            return self._send(resp, metadata_tree.OPENSTACK_ROOT)
        if self._is_password(segments):
            return self._password(req, resp)
        if req.method == "POST":
            self._refuse_method(segments)
        answer = self._tree_of(req).answer(segments)
        if answer is None:
            raise exceptions.NotFound("The resource could not be found.")
        self._send(resp, answer)

    @staticmethod
    def _is_password(segments) -> bool:
        return len(segments) == 3 and segments[0] == "openstack" and \
            segments[2] == metadata_tree.PASSWORD and \
            (segments[1] == metadata_tree.LATEST or
             (segments[1] in metadata_tree.OPENSTACK_VERSIONS and
              metadata_tree.at_least(segments[1], metadata_tree.GRIZZLY)))

    def _refuse_method(self, segments) -> None:
        allowed = "GET, HEAD, POST" if segments and self._is_password(segments) \
            else "GET, HEAD"
        error = exceptions.MethodNotAllowed("The method is not allowed here.")
        error.headers["Allow"] = allowed
        raise error

    @staticmethod
    def _send(resp, answer) -> None:
        resp.content_type = answer.content_type
        resp.data = answer.body

    def _password(self, req, resp) -> None:
        tree = self._tree_of(req)
        if req.method == "POST":
            server_password.post(tree.instance_uuid, req.bounded_stream.read(
                server_password.MAX_SIZE + 1))
            resp.status = falcon.HTTP_200
            resp.content_type = metadata_tree.TEXT
            resp.data = b""
            return
        resp.content_type = metadata_tree.TEXT
        resp.data = server_password.get(tree.instance_uuid).encode("ascii")

    # --- who asks ---------------------------------------------------------------

    def _tree_of(self, req) -> metadata_tree.Tree:
        secret = self.conf.metadata_proxy_shared_secret
        if secret and req.get_header("X-Instance-ID") is not None:
            return self._proxied(req, secret)
        address = self._address(req)
        instance_uuid = self.cache.holder(address, instance_facts.uuid_at)
        tree = self.cache.tree(instance_uuid, self._build)
        if address not in tree.addresses:
            raise exceptions.NotFound("No instance has this address.")
        return tree

    def _address(self, req) -> str:
        if self.conf.api.use_forwarded_for:
            forwarded = req.get_header("X-Forwarded-For")
            if forwarded:
                return forwarded.split(",")[0].strip()
        return req.remote_addr or ""

    def _proxied(self, req, secret: str) -> metadata_tree.Tree:
        instance_id = req.get_header("X-Instance-ID")
        tenant_id = req.get_header("X-Tenant-ID")
        signed = req.get_header("X-Instance-ID-Signature") or ""
        if not hmac.compare_digest(signed.encode("utf-8", "replace"),
                                   signature(secret, instance_id).encode("utf-8")):
            LOG.warning("X-Instance-ID-Signature %r for %r from %s is not valid",
                        signed[:64], instance_id[:64], req.remote_addr)
            raise exceptions.Forbidden("Invalid proxy request signature.")
        if not tenant_id:
            raise exceptions.BadRequest("X-Tenant-ID header is missing from request.")
        tree = self.cache.tree(instance_id, self._build)
        if tree.project_id != tenant_id:
            LOG.warning("Tenant %r does not own instance %r", tenant_id[:64],
                        instance_id[:64])
            raise exceptions.NotFound("No such instance.")
        return tree

    def _build(self, instance_uuid: str) -> metadata_tree.Tree:
        facts = instance_facts.of_instance(self.conf, instance_uuid)
        return metadata_tree.build(facts, os.urandom(RANDOM_SEED_BYTES))


def create(conf):
    """The metadata service's WSGI app."""
    app = falcon.App(middleware=[RequestLog("metadata"), SafeText()],
                     cors_enable=False)
    app.req_options.strip_url_path_trailing_slash = False
    app.add_sink(Metadata(conf), prefix="/")
    wsgi_app.add_error_handlers(app, "metadata")
    return app
