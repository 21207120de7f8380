"""Policy of os-server-external-events: the services that send events (they
hold the service role) and administrators."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import SERVICE_ROLE

RULES = [
    policy.DocumentedRuleDefault(
        "os_compute_api:os-server-external-events:create",
        SERVICE_ROLE, "Tell compute of events about servers.",
        [{"method": "POST", "path": "/os-server-external-events"}]),
]
