"""Networks and subnets, in Neutron's rule names. A project's readers see its
networks, the shared ones and the external ones (floating IP pools); its
members make and change its own; sharing a network and making it external
are the administrator's."""
from onestack.api.neutron.policies.base import ADMIN, READ, WRITE, documented

N, S = "/v2.0/networks", "/v2.0/subnets"

RULES = [
    documented("get_network", READ, "Show a network.", f"GET {N}", f"GET {N}/{{id}}"),
    documented("create_network", WRITE, "Create a network.", f"POST {N}"),
    documented("create_network:shared", ADMIN, "Create a shared network.",
               f"POST {N}"),
    documented("create_network:router:external", ADMIN,
               "Create an external network (its subnet: a floating IP pool), or "
               "the subnet of one.", f"POST {N}", f"POST {S}"),
    documented("update_network", WRITE, "Update a network.", f"PUT {N}/{{id}}"),
    documented("update_network:router:external", ADMIN,
               "Make a network without a subnet external, or not.",
               f"PUT {N}/{{id}}"),
    documented("delete_network", WRITE, "Delete a network and its subnet.",
               f"DELETE {N}/{{id}}"),
    documented("get_subnet", READ, "Show a subnet.", f"GET {S}", f"GET {S}/{{id}}"),
    documented("create_subnet", WRITE, "Create the subnet of a network.",
               f"POST {S}"),
    documented("update_subnet", WRITE, "Update a subnet.", f"PUT {S}/{{id}}"),
    documented("delete_subnet", WRITE, "Delete a subnet.", f"DELETE {S}/{{id}}"),
]
