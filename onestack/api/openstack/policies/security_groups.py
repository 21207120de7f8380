"""Policy of os-security-groups, os-security-group-rules and the security
groups of servers: readers see their project's groups, members change them
and the groups of their servers; the admin may list every project's."""
from onestack.api.openstack.policies.base import (ADMIN, PROJECT_MEMBER_OR_ADMIN,
                                                  PROJECT_READER_OR_ADMIN, documented)

BASE = "os_compute_api:os-security-groups:%s"
GROUP = "/os-security-groups/{security_group_id}"
SERVER_ACTION = "POST /servers/{server_id}/action"

RULES = [
    documented(BASE % "get", PROJECT_READER_OR_ADMIN,
               "List the security groups of one's project.", "GET /os-security-groups"),
    documented(BASE % "get:all_tenants", ADMIN,
               "List the security groups of every project (?all_tenants).",
               "GET /os-security-groups"),
    documented(BASE % "show", PROJECT_READER_OR_ADMIN, "Show a security group.",
               f"GET {GROUP}"),
    documented(BASE % "create", PROJECT_MEMBER_OR_ADMIN, "Create a security group.",
               "POST /os-security-groups"),
    documented(BASE % "update", PROJECT_MEMBER_OR_ADMIN,
               "Rename or describe a security group.", f"PUT {GROUP}"),
    documented(BASE % "delete", PROJECT_MEMBER_OR_ADMIN, "Delete a security group.",
               f"DELETE {GROUP}"),
    documented(BASE % "rule:create", PROJECT_MEMBER_OR_ADMIN,
               "Add a rule to a security group.", "POST /os-security-group-rules"),
    documented(BASE % "rule:delete", PROJECT_MEMBER_OR_ADMIN,
               "Delete a rule of a security group.",
               "DELETE /os-security-group-rules/{security_group_rule_id}"),
    documented(BASE % "list", PROJECT_READER_OR_ADMIN,
               "List the security groups of a server.",
               "GET /servers/{server_id}/os-security-groups"),
    documented(BASE % "add", PROJECT_MEMBER_OR_ADMIN,
               "Add a security group to a server.",
               f"{SERVER_ACTION} (addSecurityGroup)"),
    documented(BASE % "remove", PROJECT_MEMBER_OR_ADMIN,
               "Remove a security group from a server.",
               f"{SERVER_ACTION} (removeSecurityGroup)"),
]
