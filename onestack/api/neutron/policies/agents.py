"""Agents (the network hosts): the administrator's alone; anyone else lists
none, as Neutron's default policy has it."""
from onestack.api.neutron.policies.base import ADMIN, documented

A = "/v2.0/agents"

RULES = [
    documented("get_agent", ADMIN, "List or show the agents.", f"GET {A}",
               f"GET {A}/{{id}}"),
    documented("update_agent", ADMIN, "Update an agent.", f"PUT {A}/{{id}}"),
    documented("delete_agent", ADMIN, "Delete an agent.", f"DELETE {A}/{{id}}"),
]
