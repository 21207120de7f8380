"""Policy of os-server-groups: members manage their project's groups; the
admin may list every project's."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN, ADMIN_OR_OWNER

BASE = "os_compute_api:os-server-groups:%s"

RULES = [
    policy.DocumentedRuleDefault(
        BASE % "create", ADMIN_OR_OWNER, "Create a server group.",
        [{"method": "POST", "path": "/os-server-groups"}]),
    policy.DocumentedRuleDefault(
        BASE % "delete", ADMIN_OR_OWNER, "Delete a server group.",
        [{"method": "DELETE", "path": "/os-server-groups/{server_group_id}"}]),
    policy.DocumentedRuleDefault(
        BASE % "index", ADMIN_OR_OWNER, "List the server groups of one's project.",
        [{"method": "GET", "path": "/os-server-groups"}]),
    policy.DocumentedRuleDefault(
        BASE % "index:all_projects", ADMIN,
        "List the server groups of every project (?all_projects).",
        [{"method": "GET", "path": "/os-server-groups"}]),
    policy.DocumentedRuleDefault(
        BASE % "show", ADMIN_OR_OWNER, "Show a server group.",
        [{"method": "GET", "path": "/os-server-groups/{server_group_id}"}]),
]
