"""Policy of os-server-groups: readers see their project's groups, members
create and delete them; the admin may list every project's."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import (ADMIN, PROJECT_MEMBER_OR_ADMIN,
                                                  PROJECT_READER_OR_ADMIN)

BASE = "os_compute_api:os-server-groups:%s"

RULES = [
    policy.DocumentedRuleDefault(
        BASE % "create", PROJECT_MEMBER_OR_ADMIN, "Create a server group.",
        [{"method": "POST", "path": "/os-server-groups"}]),
    policy.DocumentedRuleDefault(
        BASE % "delete", PROJECT_MEMBER_OR_ADMIN, "Delete a server group.",
        [{"method": "DELETE", "path": "/os-server-groups/{server_group_id}"}]),
    policy.DocumentedRuleDefault(
        BASE % "index", PROJECT_READER_OR_ADMIN,
        "List the server groups of one's project.",
        [{"method": "GET", "path": "/os-server-groups"}]),
    policy.DocumentedRuleDefault(
        BASE % "index:all_projects", ADMIN,
        "List the server groups of every project (?all_projects).",
        [{"method": "GET", "path": "/os-server-groups"}]),
    policy.DocumentedRuleDefault(
        BASE % "show", PROJECT_READER_OR_ADMIN, "Show a server group.",
        [{"method": "GET", "path": "/os-server-groups/{server_group_id}"}]),
]
