"""POST /os-server-external-events: other services (networking, volumes, a
bare-metal service) tell compute what happened to a server.

Each event answers on its own: 200 when passed to the server's host, 404 for
an unknown server, 422 for one on no host yet; the response is 200 when all
passed, 207 when some did, and 404 when none did, as in Nova.
"""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.common import exceptions
from onestack.compute import rpcapi as compute_rpcapi
from onestack.db import instances
from onestack.wsgi import validation

RULE = "os_compute_api:os-server-external-events:create"
# event name -> the microversion that added it
EVENT_NAMES = {"network-changed": "2.1", "network-vif-plugged": "2.1",
               "network-vif-unplugged": "2.1", "network-vif-deleted": "2.1",
               "volume-extended": "2.51", "power-update": "2.76"}
SCHEMA = {
    "type": "object", "required": ["events"], "additionalProperties": False,
    "properties": {"events": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["name", "server_uuid"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "enum": sorted(EVENT_NAMES)},
            "server_uuid": {"type": "string", "format": "uuid"},
            "tag": {"type": "string", "maxLength": 255},
            "status": {"type": "string",
                       "enum": ["failed", "completed", "in-progress"]}}}}}}


class ServerExternalEvents(base.Resource):
    def on_post(self, req, resp):
        self.authorize(req, RULE, {})
        events = validation.read_valid_json(req, SCHEMA)["events"]
        for event in events:
            if not base.at_least(req, EVENT_NAMES[event["name"]]):
                raise exceptions.BadRequest(
                    f"Event {event['name']} needs microversion "
                    f"{EVENT_NAMES[event['name']]} or later.")
        answered, by_host = [], {}
        for event in events:
            event = {**event, "status": event.get("status", "completed")}
            try:
                instance = instances.get(event["server_uuid"])
            except exceptions.NotFound:
                answered.append({**event, "code": 404})
                continue
            if not instance.host:
                answered.append({**event, "code": 422})
                continue
            answered.append({**event, "code": 200})
            by_host.setdefault(instance.host, []).append(event)
        if not by_host:
            raise exceptions.NotFound("No instances found for any event")
        for host, host_events in by_host.items():
            compute_rpcapi.external_instance_events(req.context.ctx, host, host_events)
        resp.status = 200 if all(e["code"] == 200 for e in answered) else 207
        resp.media = {"events": answered}


ROUTES = (("/os-server-external-events", lambda conf: ServerExternalEvents(conf)),)
