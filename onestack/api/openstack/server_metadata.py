"""/servers/{id}/metadata and /servers/{id}/tags."""
from __future__ import annotations

import falcon

from onestack.api.openstack import base
from onestack.api.openstack.schemas import parameter_types as types
from onestack.api.openstack.schemas import servers as servers_schemas
from onestack.common import exceptions
from onestack.compute import api as compute_api
from onestack.compute import instance_changes
from onestack.db import instances, quotas
from onestack.wsgi import links, validation

META = servers_schemas.METADATA
TAG = types.TAG


class _ServerChild(base.Resource):
    rule_prefix = ""

    def _instance(self, req, server_id, rule, locked_ok=True):
        instance = compute_api.get(req.context.ctx, server_id)
        self.authorize(req, f"os_compute_api:{self.rule_prefix}:{rule}",
                       {"project_id": instance.project_id, "user_id": instance.user_id})
        if not locked_ok:
            compute_api.check_lock(self.conf, req.context.ctx, instance)
        return instance

    def _check_count(self, instance, count):
        limit = quotas.limits(self.conf, instance.project_id)["metadata_items"]
        quotas.check("metadata_items", 0, count, limit)


class Metadata(_ServerChild):
    rule_prefix = "server-metadata"

    def on_get(self, req, resp, server_id):
        instance = self._instance(req, server_id, "index")
        resp.media = {"metadata": instances.metadata_for([instance.uuid])[instance.uuid]}

    def _write(self, req, server_id, replace):
        body = validation.read_valid_json(req, {"type": "object", "required": ["metadata"],
                                                "properties": {"metadata": META}})
        instance = self._instance(req, server_id, "update_all" if replace else "create",
                                  locked_ok=False)
        current = {} if replace else instances.metadata_for([instance.uuid])[instance.uuid]
        self._check_count(instance, len({**current, **body["metadata"]}))
        metadata = instances.set_metadata(instance.uuid, body["metadata"], replace)
        instance_changes.changed(req.context.ctx, instance.uuid)
        return {"metadata": metadata}

    def on_post(self, req, resp, server_id):
        resp.media = self._write(req, server_id, replace=False)

    def on_put(self, req, resp, server_id):
        resp.media = self._write(req, server_id, replace=True)


class MetadataItem(_ServerChild):
    rule_prefix = "server-metadata"

    def on_get(self, req, resp, server_id, key):
        instance = self._instance(req, server_id, "show")
        metadata = instances.metadata_for([instance.uuid])[instance.uuid]
        if key not in metadata:
            raise exceptions.NotFound(f"Metadata item was not found: {key}")
        resp.media = {"meta": {key: metadata[key]}}

    def on_put(self, req, resp, server_id, key):
        body = validation.read_valid_json(req, {"type": "object", "required": ["meta"],
                                                "properties": {"meta": META}})
        if list(body["meta"]) != [key]:
            raise exceptions.BadRequest("Request body and URI mismatch")
        instance = self._instance(req, server_id, "update", locked_ok=False)
        current = instances.metadata_for([instance.uuid])[instance.uuid]
        self._check_count(instance, len({**current, **body["meta"]}))
        instances.set_metadata(instance.uuid, body["meta"], replace=False)
        instance_changes.changed(req.context.ctx, instance.uuid)
        resp.media = {"meta": body["meta"]}

    def on_delete(self, req, resp, server_id, key):
        instance = self._instance(req, server_id, "delete", locked_ok=False)
        instances.delete_metadata_key(instance.uuid, key)
        instance_changes.changed(req.context.ctx, instance.uuid)
        resp.status = falcon.HTTP_204


class Tags(_ServerChild):
    rule_prefix = "os-server-tags"

    def _require_version(self, req):
        if not base.at_least(req, "2.26"):
            raise exceptions.NotFound("Server tags need microversion 2.26 or later.")

    def on_get(self, req, resp, server_id):
        self._require_version(req)
        instance = self._instance(req, server_id, "index")
        resp.media = {"tags": instances.tags_for([instance.uuid])[instance.uuid]}

    def on_put(self, req, resp, server_id):
        self._require_version(req)
        body = validation.read_valid_json(req, {
            "type": "object", "required": ["tags"],
            "properties": {"tags": {"type": "array", "maxItems": 50, "items": TAG}}})
        instance = self._instance(req, server_id, "update_all", locked_ok=False)
        resp.media = {"tags": instances.set_tags(instance.uuid, body["tags"])}

    def on_delete(self, req, resp, server_id):
        self._require_version(req)
        instance = self._instance(req, server_id, "delete_all", locked_ok=False)
        instances.set_tags(instance.uuid, [])
        resp.status = falcon.HTTP_204


class Tag(_ServerChild):
    rule_prefix = "os-server-tags"

    def on_get(self, req, resp, server_id, tag):
        Tags._require_version(self, req)
        instance = self._instance(req, server_id, "show")
        if tag not in instances.tags_for([instance.uuid])[instance.uuid]:
            raise exceptions.NotFound(f"Tag {tag} could not be found.")
        resp.status = falcon.HTTP_204

    def on_put(self, req, resp, server_id, tag):
        Tags._require_version(self, req)
        validation.validate(TAG, tag)
        instance = self._instance(req, server_id, "update", locked_ok=False)
        existing = instances.tags_for([instance.uuid])[instance.uuid]
        if tag not in existing and len(existing) >= 50:
            raise exceptions.BadRequest("A server can have at most 50 tags.")
        instances.add_tag(instance.uuid, tag)
        resp.status = falcon.HTTP_201 if tag not in existing else falcon.HTTP_204
        resp.set_header("Location", base.ROOT.href(
            req, f"/servers/{instance.uuid}/tags/{links.quoted(tag)}"))

    def on_delete(self, req, resp, server_id, tag):
        Tags._require_version(self, req)
        instance = self._instance(req, server_id, "delete", locked_ok=False)
        instances.delete_tag(instance.uuid, tag)
        resp.status = falcon.HTTP_204


ROUTES = (
    ("/servers/{server_id}/metadata", Metadata),
    ("/servers/{server_id}/metadata/{key}", MetadataItem),
    ("/servers/{server_id}/tags", Tags),
    ("/servers/{server_id}/tags/{tag}", Tag),
)
