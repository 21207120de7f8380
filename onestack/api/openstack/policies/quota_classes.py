"""Policy of os-quota-class-sets: the admin reads and changes the defaults."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN

PATH = "/os-quota-class-sets/{quota_class}"

RULES = [
    policy.DocumentedRuleDefault("os_compute_api:os-quota-class-sets:show", ADMIN,
                                 "Show a quota class.", [{"method": "GET", "path": PATH}]),
    policy.DocumentedRuleDefault("os_compute_api:os-quota-class-sets:update", ADMIN,
                                 "Change a quota class (default: every project's "
                                 "default limits).", [{"method": "PUT", "path": PATH}]),
]
