"""Policy of /limits: anyone sees their project's, the admin any project's."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN, ANY

BASE = "os_compute_api:limits"
OTHER_PROJECT = "os_compute_api:limits:other_project"

RULES = [
    policy.DocumentedRuleDefault(
        BASE, ANY, "Show the limits and usage of one's project.",
        [{"method": "GET", "path": "/limits"}]),
    policy.DocumentedRuleDefault(
        OTHER_PROJECT, ADMIN, "Show the limits of another project (?tenant_id).",
        [{"method": "GET", "path": "/limits"}]),
]
