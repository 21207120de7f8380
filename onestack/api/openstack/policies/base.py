"""The personas the compute API's rules are written in, as Nova defines them.

Roles imply each other (admin > manager > member > reader, see
onestack/identity/implied_roles.py), so `role:reader` admits a member too.
The administrator is global: rule:context_is_admin passes on any project's
objects. The service role is for other services calling compute.
"""
from oslo_policy import policy

ADMIN = "rule:context_is_admin"
PROJECT_MANAGER_OR_ADMIN = "rule:project_manager_or_admin"
PROJECT_MEMBER_OR_ADMIN = "rule:project_member_or_admin"
PROJECT_READER_OR_ADMIN = "rule:project_reader_or_admin"
SERVICE_ROLE = "rule:service_or_admin"
ANY = "@"


def documented(name: str, check: str, description: str, *operations: str):
    """A rule with its operations, each "METHOD /path" (an action as "(name)")."""
    return policy.DocumentedRuleDefault(
        name, check, description,
        [{"method": op.split(" ", 1)[0], "path": op.split(" ", 1)[1]}
         for op in operations])


RULES = [
    policy.RuleDefault("project_manager_api",
                       "role:manager and project_id:%(project_id)s",
                       "Managers of the target's project."),
    policy.RuleDefault("project_member_api",
                       "role:member and project_id:%(project_id)s",
                       "Members of the target's project."),
    policy.RuleDefault("project_reader_api",
                       "role:reader and project_id:%(project_id)s",
                       "Readers of the target's project."),
    policy.RuleDefault("service_api", "role:service",
                       "Other services calling compute."),
    policy.RuleDefault("project_manager_or_admin",
                       "rule:project_manager_api or rule:context_is_admin",
                       "Project managers, and administrators."),
    policy.RuleDefault("project_member_or_admin",
                       "rule:project_member_api or rule:context_is_admin",
                       "Project members (writes to a project's resources), and "
                       "administrators."),
    policy.RuleDefault("project_reader_or_admin",
                       "rule:project_reader_api or rule:context_is_admin",
                       "Project readers (reads of a project's resources), and "
                       "administrators."),
    policy.RuleDefault("service_or_admin", "rule:service_api or rule:context_is_admin",
                       "Services, and administrators."),
    policy.RuleDefault("admin_api", "is_admin:True",
                       "Administrators; the name older policy files use."),
    policy.RuleDefault("compute_extension:admin_api", ADMIN,
                       "Legacy name of admin-only compute rules."),
]
