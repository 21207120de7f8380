"""/servers/{server_id}/os-instance-actions: what was asked of a server, and
the events of each request.

A server the caller may not see is a 404 (deleted servers count from 2.21).
From 2.58 the list pages by limit and marker (a request id) and filters on
changes-since (2.66: changes-before). Events are shown to administrators, and
from 2.51 to the server's project without tracebacks; 2.62 adds hostId, and
the host for administrators.
"""
from __future__ import annotations

import hashlib

from onestack.api.openstack import base, params, timestamps
from onestack.api.openstack.schemas import instance_actions as schemas
from onestack.common import exceptions
from onestack.db import instance_actions, usage

RULE = "os_compute_api:os-instance-actions:%s"


def host_id(host: str | None, project_id: str) -> str:
    """Nova's hostId: the host hidden behind a hash salted with the project."""
    if not host:
        return ""
    return hashlib.sha224((project_id + host).encode("utf-8")).hexdigest()


def action_view(req, row) -> dict:
    result = {"action": row.action, "instance_uuid": row.instance_uuid,
              "request_id": row.request_id, "user_id": row.user_id,
              "project_id": row.project_id,
              "start_time": timestamps.precise(row.start_time),
              "message": row.message}
    if base.at_least(req, "2.58"):
        result["updated_at"] = timestamps.precise(row.updated_at)
    return result


def event_view(req, row, project_id: str, privileged: bool) -> dict:
    result = {"event": row.event, "start_time": timestamps.precise(row.start_time),
              "finish_time": timestamps.precise(row.finish_time),
              "result": row.result}
    if privileged:
        result["traceback"] = row.traceback
        if base.at_least(req, "2.62"):
            result["host"] = row.host
    if base.at_least(req, "2.62"):
        result["hostId"] = host_id(row.host, project_id)
    return result


class _Base(base.Resource):
    def instance(self, req, server_id: str):
        ctx = req.context.ctx
        return usage.get_visible_instance(ctx, server_id,
                                          read_deleted=base.at_least(req, "2.21"))


class InstanceActions(_Base):
    def on_get(self, req, resp, server_id):
        instance = self.instance(req, server_id)
        self.authorize(req, RULE % "list", {"project_id": instance.project_id})
        if not base.at_least(req, "2.58"):
            rows = instance_actions.list_for_instance(instance.uuid)
            resp.media = {"instanceActions": [action_view(req, r) for r in rows]}
            return
        params.reject_unknown(req, schemas.INDEX_QUERY_V266
                              if base.at_least(req, "2.66") else schemas.INDEX_QUERY_V258)
        since = params.timestamp(req, "changes-since")
        before = None
        if base.at_least(req, "2.66"):
            before = params.timestamp(req, "changes-before")
            if since and before and before < since:
                raise exceptions.BadRequest("The value of changes-since must be less "
                                            "than or equal to changes-before.")
        params.non_negative_int(req, "limit")
        limit, marker = base.limit_and_marker(req)
        rows = instance_actions.list_for_instance(instance.uuid, since, before)
        rows = self._after(instance.uuid, rows, marker)[:limit]
        items = [action_view(req, row) for row in rows]
        body = {"instanceActions": items}
        links = base.next_links(req, f"/servers/{server_id}/os-instance-actions",
                                [item["request_id"] for item in items], limit)
        if links:
            body["links"] = links
        resp.media = body

    @staticmethod
    def _after(instance_uuid: str, rows, marker: str | None):
        """The actions listed after the marker's (newest first)."""
        if marker is None:
            return rows
        try:
            mark, _events = instance_actions.get_by_request_id(instance_uuid, marker)
        except exceptions.NotFound:
            raise exceptions.BadRequest(f"Marker {marker} could not be found.")
        key = (mark.start_time, mark.id)
        return [row for row in rows if (row.start_time, row.id) < key]


class InstanceAction(_Base):
    def on_get(self, req, resp, server_id, request_id):
        instance = self.instance(req, server_id)
        target = {"project_id": instance.project_id}
        self.authorize(req, RULE % "show", target)
        try:
            row, events = instance_actions.get_by_request_id(instance.uuid, request_id)
        except exceptions.NotFound:
            raise exceptions.NotFound(f"Action {request_id} not found")
        body = action_view(req, row)
        try:
            self.authorize(req, RULE % "events", target)
            privileged = True
        except exceptions.Forbidden:
            privileged = False
        if privileged or base.at_least(req, "2.51"):
            project_id = row.project_id or instance.project_id
            body["events"] = [event_view(req, event, project_id, privileged)
                              for event in events]
        resp.media = {"instanceAction": body}


ROUTES = (
    ("/servers/{server_id}/os-instance-actions", lambda conf: InstanceActions(conf)),
    ("/servers/{server_id}/os-instance-actions/{request_id}",
     lambda conf: InstanceAction(conf)),
)
