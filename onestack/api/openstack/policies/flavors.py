"""Policy of flavor management (os-flavor-manage): administrators only.

The seed's legacy rule `compute_extension:flavormanage` is the default of the
three rules, so an operator's policy file may restrict or open flavor
management under either name.
"""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN

BASE = "os_compute_api:os-flavor-manage:%s"
LEGACY = "compute_extension:flavormanage"

RULES = [
    policy.RuleDefault(LEGACY, ADMIN,
                       "Legacy name of the flavor management rules."),
    policy.DocumentedRuleDefault(
        BASE % "create", f"rule:{LEGACY}", "Create a flavor.",
        [{"method": "POST", "path": "/flavors"}]),
    policy.DocumentedRuleDefault(
        BASE % "update", f"rule:{LEGACY}", "Update a flavor's description.",
        [{"method": "PUT", "path": "/flavors/{flavor_id}"}]),
    policy.DocumentedRuleDefault(
        BASE % "delete", f"rule:{LEGACY}", "Delete a flavor.",
        [{"method": "DELETE", "path": "/flavors/{flavor_id}"}]),
]
