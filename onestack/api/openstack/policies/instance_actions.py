"""Policy of os-instance-actions: a server's actions for its project's readers
and administrators; the events' tracebacks and hosts for administrators."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN, PROJECT_READER_OR_ADMIN

BASE = "os_compute_api:os-instance-actions:%s"
PATH = "/servers/{server_id}/os-instance-actions"

RULES = [
    policy.DocumentedRuleDefault(BASE % "list", PROJECT_READER_OR_ADMIN,
                                 "List the actions of a server.",
                                 [{"method": "GET", "path": PATH}]),
    policy.DocumentedRuleDefault(BASE % "show", PROJECT_READER_OR_ADMIN,
                                 "Show an action of a server.",
                                 [{"method": "GET", "path": PATH + "/{request_id}"}]),
    policy.DocumentedRuleDefault(
        BASE % "events", ADMIN,
        "See an action's events with tracebacks and hosts (before 2.51, its "
        "events at all).",
        [{"method": "GET", "path": PATH + "/{request_id}"}]),
]
