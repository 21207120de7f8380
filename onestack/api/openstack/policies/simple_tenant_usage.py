"""Policy of os-simple-tenant-usage: all projects for administrators, one's own
project for its readers."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN, PROJECT_READER_OR_ADMIN

BASE = "os_compute_api:os-simple-tenant-usage:%s"

RULES = [
    policy.DocumentedRuleDefault(
        BASE % "show", PROJECT_READER_OR_ADMIN, "Show the usage of one project.",
        [{"method": "GET", "path": "/os-simple-tenant-usage/{tenant_id}"}]),
    policy.DocumentedRuleDefault(
        BASE % "list", ADMIN, "List the usage of all projects.",
        [{"method": "GET", "path": "/os-simple-tenant-usage"}]),
]
