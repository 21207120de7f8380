"""Ports, in Neutron's rule names: a project's readers see its ports, its
members make, change and delete them."""
from onestack.api.neutron.policies.base import READ, WRITE, documented

P = "/v2.0/ports"

RULES = [
    documented("get_port", READ, "Show a port.", f"GET {P}", f"GET {P}/{{id}}"),
    documented("create_port", WRITE, "Create a port.", f"POST {P}"),
    documented("update_port", WRITE, "Update a port.", f"PUT {P}/{{id}}"),
    documented("delete_port", WRITE, "Delete a port.", f"DELETE {P}/{{id}}"),
]
