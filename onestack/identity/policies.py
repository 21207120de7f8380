"""Default policy of the identity API, in Keystone's rule names."""
from oslo_policy import policy

ADMIN = "rule:admin_required"
ADMIN_OR_SELF = "rule:admin_required or user_id:%(target.user.id)s"
ADMIN_OR_CREDENTIAL_OWNER = ("rule:admin_required or "
                             "user_id:%(target.credential.user_id)s")
ADMIN_OR_TOKEN_SUBJECT = "rule:admin_required or user_id:%(target.token.user_id)s"


def _rule(name, check, description):
    return policy.RuleDefault(f"identity:{name}", check, description)


def _crud(noun, plural, read_check=ADMIN):
    return [
        _rule(f"get_{noun}", read_check, f"Show a {noun}."),
        _rule(f"list_{plural}", ADMIN, f"List {plural}."),
        _rule(f"create_{noun}", ADMIN, f"Create a {noun}."),
        _rule(f"update_{noun}", ADMIN, f"Update a {noun}."),
        _rule(f"delete_{noun}", ADMIN, f"Delete a {noun}."),
    ]


RULES = (
    _crud("domain", "domains",
          "rule:admin_required or domain_id:%(target.domain.id)s")
    + _crud("project", "projects",
            "rule:admin_required or project_id:%(target.project.id)s")
    + _crud("user", "users", ADMIN_OR_SELF)
    + _crud("role", "roles")
    + _crud("service", "services")
    + _crud("endpoint", "endpoints")
    + [
        _rule("list_user_projects", ADMIN_OR_SELF, "List the projects of a user."),
        _rule("change_password", "user_id:%(target.user.id)s",
              "Change one's own password."),
        _rule("create_grant", ADMIN, "Give a user a role."),
        _rule("revoke_grant", ADMIN, "Take a role from a user."),
        _rule("check_grant", ADMIN, "Check a role assignment."),
        _rule("list_grants", ADMIN, "List the roles of a user on a target."),
        _rule("list_role_assignments", ADMIN, "List role assignments."),
        _rule("validate_token", ADMIN_OR_TOKEN_SUBJECT, "Validate a token."),
        _rule("check_token", ADMIN_OR_TOKEN_SUBJECT, "Check a token."),
        _rule("revoke_token", ADMIN_OR_TOKEN_SUBJECT, "Revoke a token."),
        _rule("ec2_create_credential", ADMIN_OR_SELF, "Create EC2 credentials."),
        _rule("ec2_list_credentials", ADMIN_OR_SELF, "List EC2 credentials."),
        _rule("ec2_get_credential", ADMIN_OR_CREDENTIAL_OWNER, "Show EC2 credentials."),
        _rule("ec2_delete_credential", ADMIN_OR_CREDENTIAL_OWNER,
              "Delete EC2 credentials."),
        _rule("create_credential", ADMIN_OR_CREDENTIAL_OWNER, "Create a credential."),
        _rule("list_credentials", "rule:admin_required or user_id:%(user_id)s",
              "List credentials."),
        _rule("get_credential", ADMIN_OR_CREDENTIAL_OWNER, "Show a credential."),
        _rule("update_credential", ADMIN_OR_CREDENTIAL_OWNER, "Update a credential."),
        _rule("delete_credential", ADMIN_OR_CREDENTIAL_OWNER, "Delete a credential."),
        _rule("v2_list_tenants_admin", ADMIN, "v2.0: list all tenants."),
    ]
)
