"""Policy of os-quota-sets: readers see their project's, the admin changes them."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN, ANY, PROJECT_READER_OR_ADMIN

BASE = "os_compute_api:os-quota-sets:%s"
PATH = "/os-quota-sets/{tenant_id}"

RULES = [
    policy.DocumentedRuleDefault(
        BASE % "show", PROJECT_READER_OR_ADMIN, "Show a project's quotas.",
        [{"method": "GET", "path": PATH}]),
    policy.DocumentedRuleDefault(
        BASE % "detail", PROJECT_READER_OR_ADMIN, "Show a project's quotas and usage.",
        [{"method": "GET", "path": PATH + "/detail"}]),
    policy.DocumentedRuleDefault(
        BASE % "defaults", ANY, "Show the default quotas.",
        [{"method": "GET", "path": PATH + "/defaults"}]),
    policy.DocumentedRuleDefault(
        BASE % "update", ADMIN, "Change a project's (or a user's) quotas.",
        [{"method": "PUT", "path": PATH}]),
    policy.DocumentedRuleDefault(
        BASE % "delete", ADMIN, "Reset a project's (or a user's) quotas to defaults.",
        [{"method": "DELETE", "path": PATH}]),
]
