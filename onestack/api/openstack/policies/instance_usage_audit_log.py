"""Policy of os-instance_usage_audit_log: administrators only."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN

BASE = "os_compute_api:os-instance-usage-audit-log:%s"

RULES = [
    policy.DocumentedRuleDefault(
        BASE % "list", ADMIN, "The usage audit of the last completed period.",
        [{"method": "GET", "path": "/os-instance_usage_audit_log"}]),
    policy.DocumentedRuleDefault(
        BASE % "show", ADMIN, "The usage audit of the period before a time.",
        [{"method": "GET", "path": "/os-instance_usage_audit_log/{before_timestamp}"}]),
]
