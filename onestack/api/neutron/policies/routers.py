"""Routers, in Neutron's rule names."""
from onestack.api.neutron.policies.base import READ, WRITE, documented

R = "/v2.0/routers"

RULES = [
    documented("get_router", READ, "Show a router.", f"GET {R}", f"GET {R}/{{id}}"),
    documented("create_router", WRITE, "Create a router.", f"POST {R}"),
    documented("update_router", WRITE, "Update a router.", f"PUT {R}/{{id}}"),
    documented("delete_router", WRITE, "Delete a router.", f"DELETE {R}/{{id}}"),
    documented("add_router_interface", WRITE, "Attach a subnet to a router.",
               f"PUT {R}/{{id}}/add_router_interface"),
    documented("remove_router_interface", WRITE, "Detach a subnet from a router.",
               f"PUT {R}/{{id}}/remove_router_interface"),
]
