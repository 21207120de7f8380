"""The network services as the networking API's agents: each
onestack-network service (a network host: its bridges, dnsmasq and NAT) is
one agent; its admin_state_up is the service being enabled, as
`openstack compute service set --disable` sets it."""
from __future__ import annotations

from onestack.common import exceptions
from onestack.db import services as service_db

BINARY = "onestack-network"
AGENT_TYPE = "onestack network host"


class AgentNotFound(exceptions.NotFound):
    neutron_type = "AgentNotFound"

    def __init__(self, agent_id: str):
        super().__init__(f"Agent {agent_id} could not be found.")


def list_agents() -> list:
    return service_db.list_(binary=BINARY)


def get_agent(agent_id: str):
    for row in list_agents():
        if row.uuid == agent_id:
            return row
    raise AgentNotFound(agent_id)


def update_agent(agent_id: str, admin_state_up: bool | None = None,
                 description: str | None = None):
    row = get_agent(agent_id)
    values = {}
    if admin_state_up is not None:
        values.update(disabled=not admin_state_up,
                      disabled_reason=None if admin_state_up else row.disabled_reason)
    if description is not None:
        values["description"] = description
    return service_db.update(row.id, **values) if values else row


def delete_agent(agent_id: str) -> None:
    """Forget the agent's record; a running service registers again."""
    service_db.delete(get_agent(agent_id).id)
