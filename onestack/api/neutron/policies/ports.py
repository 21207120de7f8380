"""Ports, in Neutron's rule names: a project's readers see its ports, its
members make, change and delete them; the binding:* attributes (which host
a port is on, how it is plugged) are the administrator's to see and set."""
from onestack.api.neutron.policies.base import ADMIN, READ, WRITE, documented

P = "/v2.0/ports"

RULES = [
    documented("get_port", READ, "Show a port.", f"GET {P}", f"GET {P}/{{id}}"),
    documented("create_port", WRITE, "Create a port.", f"POST {P}"),
    documented("update_port", WRITE, "Update a port.", f"PUT {P}/{{id}}"),
    documented("delete_port", WRITE, "Delete a port.", f"DELETE {P}/{{id}}"),
]

BINDING = ("binding:host_id", "binding:vif_type", "binding:vif_details",
           "binding:vnic_type", "binding:profile")
SETTABLE = ("binding:host_id", "binding:vnic_type", "binding:profile")

RULES += [documented(f"get_port:{attribute}", ADMIN, f"Show {attribute} of a port.",
                     f"GET {P}", f"GET {P}/{{id}}") for attribute in BINDING]
RULES += [documented(f"{action}_port:{attribute}", ADMIN,
                     f"Set {attribute} of a port.", f"{method} {path}")
          for attribute in SETTABLE
          for action, method, path in (("create", "POST", P),
                                       ("update", "PUT", f"{P}/{{id}}"))]
