"""Security groups and their rules, in Neutron's rule names: a project's
readers see its groups, its members change them."""
from onestack.api.neutron.policies.base import READ, WRITE, documented

G, R = "/v2.0/security-groups", "/v2.0/security-group-rules"

RULES = [
    documented("get_security_group", READ, "Show a security group.", f"GET {G}",
               f"GET {G}/{{id}}"),
    documented("create_security_group", WRITE, "Create a security group.",
               f"POST {G}"),
    documented("update_security_group", WRITE, "Update a security group.",
               f"PUT {G}/{{id}}"),
    documented("delete_security_group", WRITE, "Delete a security group.",
               f"DELETE {G}/{{id}}"),
    documented("get_security_group_rule", READ, "Show a security group rule.",
               f"GET {R}", f"GET {R}/{{id}}"),
    documented("create_security_group_rule", WRITE, "Create a security group rule.",
               f"POST {R}"),
    documented("delete_security_group_rule", WRITE, "Delete a security group rule.",
               f"DELETE {R}/{{id}}"),
]
