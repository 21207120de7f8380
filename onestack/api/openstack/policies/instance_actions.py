"""Policy of os-instance-actions: a server's actions for its project and
administrators; the events' tracebacks and hosts for administrators."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN, ADMIN_OR_OWNER

BASE = "os_compute_api:os-instance-actions:%s"
PATH = "/servers/{server_id}/os-instance-actions"

RULES = [
    policy.DocumentedRuleDefault(BASE % "list", ADMIN_OR_OWNER,
                                 "List the actions of a server.",
                                 [{"method": "GET", "path": PATH}]),
    policy.DocumentedRuleDefault(BASE % "show", ADMIN_OR_OWNER,
                                 "Show an action of a server.",
                                 [{"method": "GET", "path": PATH + "/{request_id}"}]),
    policy.DocumentedRuleDefault(
        BASE % "events", ADMIN,
        "See an action's events with tracebacks and hosts (before 2.51, its "
        "events at all).",
        [{"method": "GET", "path": PATH + "/{request_id}"}]),
]
