"""/v2.0/agents: each network service as an agent, for the administrator
(anyone else lists none and finds none, as in Neutron)."""
from __future__ import annotations

from onestack.api.neutron import base, networks
from onestack.common import exceptions
from onestack.db import services as service_db
from onestack.network import agents

UPDATE = {"admin_state_up", "description"}


def _time(value) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else None


def view(conf, row) -> dict:
    return {"id": row.uuid, "agent_type": agents.AGENT_TYPE, "binary": row.binary,
            "topic": row.topic, "host": row.host,
            "admin_state_up": not row.disabled,
            "alive": service_db.is_up(row, conf.service_down_time),
            "description": row.description,
            "created_at": _time(row.created_at), "started_at": _time(row.created_at),
            "heartbeat_timestamp": _time(row.last_seen_up),
            "availability_zone": conf.default_availability_zone,
            "configurations": {"network_manager": conf.network_manager,
                               "dhcp_driver": "dnsmasq",
                               "multi_host": conf.multi_host},
            "resources_synced": None}


class Agents(base.Resource):
    def on_get(self, req, resp):
        rows = agents.list_agents() if self.allows(req, "get_agent") else []
        resp.media = base.listed(req, "agents", [view(self.conf, row) for row in rows])


class Agent(base.Resource):
    def found(self, req, agent_id, rule):
        if not self.allows(req, "get_agent"):
            raise agents.AgentNotFound(agent_id)
        self.authorize(req, rule)
        return agents.get_agent(agent_id)

    def on_get(self, req, resp, agent_id):
        resp.media = base.shown(req, "agent", view(self.conf, self.found(
            req, agent_id, "get_agent")))

    def on_put(self, req, resp, agent_id):
        body = base.body_of(req, "agent")
        base.only(body, UPDATE, "update")
        self.found(req, agent_id, "update_agent")
        state = body.get("admin_state_up")
        row = agents.update_agent(
            agent_id, None if state is None else base.as_bool(state, "admin_state_up"),
            networks.text(body, "description") if "description" in body else None)
        resp.media = {"agent": view(self.conf, row)}

    def on_delete(self, req, resp, agent_id):
        self.found(req, agent_id, "delete_agent")
        try:
            agents.delete_agent(agent_id)
        except exceptions.NotFound:
            raise agents.AgentNotFound(agent_id)
        resp.status = 204


ROUTES = (
    ("/agents", lambda conf: Agents(conf)),
    ("/agents/{agent_id}", lambda conf: Agent(conf)),
)
