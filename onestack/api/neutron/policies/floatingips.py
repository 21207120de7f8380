"""Floating IPs, in Neutron's rule names: a project's readers see its
floating IPs, its members allocate, associate and release them; choosing
the address is the administrator's."""
from onestack.api.neutron.policies.base import ADMIN, READ, WRITE, documented

F = "/v2.0/floatingips"

RULES = [
    documented("get_floatingip", READ, "Show a floating IP.", f"GET {F}",
               f"GET {F}/{{id}}"),
    documented("create_floatingip", WRITE, "Allocate a floating IP.", f"POST {F}"),
    documented("create_floatingip:floating_ip_address", ADMIN,
               "Allocate a given address of a pool.", f"POST {F}"),
    documented("update_floatingip", WRITE, "Associate or disassociate a floating IP.",
               f"PUT {F}/{{id}}"),
    documented("delete_floatingip", WRITE, "Release a floating IP.",
               f"DELETE {F}/{{id}}"),
]
