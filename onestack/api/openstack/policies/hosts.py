"""Policy of os-hosts (deprecated in Nova at 2.43): administrators only."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN

BASE = "os_compute_api:os-hosts:%s"

RULES = [
    policy.DocumentedRuleDefault(BASE % "list", ADMIN, "List hosts.",
                                 [{"method": "GET", "path": "/os-hosts"}]),
    policy.DocumentedRuleDefault(BASE % "show", ADMIN,
                                 "Show the resources of a host.",
                                 [{"method": "GET", "path": "/os-hosts/{host_name}"}]),
    policy.DocumentedRuleDefault(BASE % "update", ADMIN,
                                 "Enable or disable a host.",
                                 [{"method": "PUT", "path": "/os-hosts/{host_name}"}]),
] + [
    policy.DocumentedRuleDefault(
        BASE % action, ADMIN, f"Ask the hypervisor of a host to {action}.",
        [{"method": "GET", "path": f"/os-hosts/{{host_name}}/{path}"}])
    for action, path in (("reboot", "reboot"), ("shutdown", "shutdown"),
                         ("start", "startup"))
]
