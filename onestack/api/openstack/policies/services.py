"""Policy of os-services: administrators only."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN

BASE = "os_compute_api:os-services:%s"

RULES = [
    policy.DocumentedRuleDefault(
        BASE % "list", ADMIN, "List all running compute services in a region.",
        [{"method": "GET", "path": "/os-services"}]),
    policy.DocumentedRuleDefault(
        BASE % "update", ADMIN,
        "Enable, disable or force down a compute service.",
        [{"method": "PUT", "path": "/os-services/{service_id}"}]),
    policy.DocumentedRuleDefault(
        BASE % "delete", ADMIN, "Delete a compute service.",
        [{"method": "DELETE", "path": "/os-services/{service_id}"}]),
]
