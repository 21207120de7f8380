"""Policy of os-availability-zone: anyone lists zones, the admin sees hosts."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN, ANY

BASE = "os_compute_api:os-availability-zone:%s"

RULES = [
    policy.DocumentedRuleDefault(
        BASE % "list", ANY, "List availability zones and whether they are available.",
        [{"method": "GET", "path": "/os-availability-zone"}]),
    policy.DocumentedRuleDefault(
        BASE % "detail", ADMIN, "List availability zones with their hosts and services.",
        [{"method": "GET", "path": "/os-availability-zone/detail"}]),
]
