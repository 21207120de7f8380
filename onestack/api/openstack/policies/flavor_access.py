"""Policy of private flavors' access lists: administrators only."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN

LIST = "os_compute_api:os-flavor-access"
BASE = "os_compute_api:os-flavor-access:%s"

RULES = [
    policy.DocumentedRuleDefault(
        LIST, ADMIN, "List the projects that may use a private flavor.",
        [{"method": "GET", "path": "/flavors/{flavor_id}/os-flavor-access"}]),
    policy.DocumentedRuleDefault(
        BASE % "add_tenant_access", ADMIN, "Let a project use a private flavor.",
        [{"method": "POST", "path": "/flavors/{flavor_id}/action (addTenantAccess)"}]),
    policy.DocumentedRuleDefault(
        BASE % "remove_tenant_access", ADMIN,
        "Stop a project from using a private flavor.",
        [{"method": "POST",
          "path": "/flavors/{flavor_id}/action (removeTenantAccess)"}]),
]
