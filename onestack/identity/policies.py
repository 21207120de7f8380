"""Default policy of the identity API, in Keystone's rule names and its
secure-RBAC defaults.

The administrator does anything. A user with a role on a domain (a token
scoped to it) reads that domain's projects, users and assignments; a
domain's manager also creates, changes and deletes its projects and users,
and grants them the manager, member and reader roles. A project-scoped
token gives no identity rights beyond seeing its own project, user and
credentials. Keystone's system-scope clauses are left out: onestack issues
no system-scoped tokens.
"""
from oslo_policy import policy

ADMIN = "rule:admin_required"
OWN_CREDENTIAL = "user_id:%(target.credential.user_id)s"
DOMAIN_READER_OF = "(role:reader and domain_id:%(target.{}.domain_id)s)"
DOMAIN_MANAGER_OF = "(role:manager and domain_id:%(target.{}.domain_id)s)"
# a grant's user, and the project or domain it is on, in the caller's domain
_GRANT_IN_DOMAIN = ("(role:{0} and domain_id:%(target.user.domain_id)s and "
                    "domain_id:%(target.project.domain_id)s) or "
                    "(role:{0} and domain_id:%(target.user.domain_id)s and "
                    "domain_id:%(target.domain.id)s)")
GRANT_READER = f"{ADMIN} or {_GRANT_IN_DOMAIN.format('reader')}"
GRANT_WRITER = (f"{ADMIN} or {_GRANT_IN_DOMAIN.format('admin')} or "
                f"(({_GRANT_IN_DOMAIN.format('manager')}) and "
                "rule:domain_managed_target_role)")


def _rule(name, check, description, *operations):
    return policy.DocumentedRuleDefault(
        f"identity:{name}", check, description,
        [{"method": op.split(" ", 1)[0], "path": op.split(" ", 1)[1]}
         for op in operations])


def _crud(noun, plural, path, read=ADMIN, listing=ADMIN, write=ADMIN):
    item = f"{path}/{{{noun}_id}}"
    return [
        _rule(f"get_{noun}", read, f"Show a {noun}.", "GET " + item),
        _rule(f"list_{plural}", listing, f"List {plural}.", "GET " + path),
        _rule(f"create_{noun}", write, f"Create a {noun}.", "POST " + path),
        _rule(f"update_{noun}", write, f"Update a {noun}.", "PATCH " + item),
        _rule(f"delete_{noun}", write, f"Delete a {noun}.", "DELETE " + item),
    ]


def _grant(name, check, description, method):
    return _rule(name, check, description,
                 *(f"{method} /v3/{kind}/{{{kind[:-1]}_id}}/users/{{user_id}}/roles"
                   + ("" if name == "list_grants" else "/{role_id}")
                   for kind in ("projects", "domains")))


BUILDING_BLOCKS = [
    policy.RuleDefault("service_role", "role:service", "Other services."),
    policy.RuleDefault("owner", "user_id:%(user_id)s", "The user a target belongs to."),
    policy.RuleDefault("token_subject", "user_id:%(target.token.user_id)s",
                       "The user a token was issued to."),
    policy.RuleDefault("domain_managed_target_role",
                       "'manager':%(target.role.name)s or 'member':%(target.role.name)s"
                       " or 'reader':%(target.role.name)s",
                       "The roles a domain manager may grant."),
]

RULES = BUILDING_BLOCKS + (
    _crud("domain", "domains", "/v3/domains",
          read=f"{ADMIN} or domain_id:%(target.domain.id)s or "
               "project_domain_id:%(target.domain.id)s",
          listing=f"{ADMIN} or (role:reader and domain_id:%(target.domain.id)s)")
    + _crud("project", "projects", "/v3/projects",
            read=f"{ADMIN} or {DOMAIN_READER_OF.format('project')} or "
                 "project_id:%(target.project.id)s",
            listing=f"{ADMIN} or (role:reader and domain_id:%(target.domain_id)s)",
            write=f"{ADMIN} or {DOMAIN_MANAGER_OF.format('project')}")
    + _crud("user", "users", "/v3/users",
            read=f"{ADMIN} or {DOMAIN_READER_OF.format('user')} or "
                 "user_id:%(target.user.id)s",
            listing=f"{ADMIN} or (role:reader and domain_id:%(target.domain_id)s)",
            write=f"{ADMIN} or {DOMAIN_MANAGER_OF.format('user')}")
    + _crud("role", "roles", "/v3/roles",
            read=f"{ADMIN} or (role:manager and rule:domain_managed_target_role)",
            listing=f"{ADMIN} or (role:manager and not domain_id:None)")
    + [
        _rule("get_service", ADMIN, "Show a service.", "GET /v3/services/{service_id}"),
        _rule("list_services", ADMIN, "List services.", "GET /v3/services"),
        _rule("get_endpoint", ADMIN, "Show an endpoint.",
              "GET /v3/endpoints/{endpoint_id}"),
        _rule("list_endpoints", ADMIN, "List endpoints.", "GET /v3/endpoints"),
        _rule("list_user_projects",
              f"{ADMIN} or {DOMAIN_READER_OF.format('user')} or "
              "user_id:%(target.user.id)s",
              "List the projects of a user.", "GET /v3/users/{user_id}/projects"),
        _rule("change_password", "user_id:%(target.user.id)s",
              "Change one's own password.", "POST /v3/users/{user_id}/password"),
        _grant("list_grants", GRANT_READER, "List the roles of a user on a target.",
               "GET"),
        _grant("check_grant", GRANT_READER, "Check a role assignment.", "HEAD"),
        _grant("create_grant", GRANT_WRITER, "Give a user a role.", "PUT"),
        _grant("revoke_grant", GRANT_WRITER, "Take a role from a user.", "DELETE"),
        _rule("list_role_assignments",
              f"{ADMIN} or (role:reader and domain_id:%(target.domain_id)s)",
              "List role assignments (a domain's: ?scope.domain.id).",
              "GET /v3/role_assignments"),
        _rule("validate_token", f"{ADMIN} or rule:service_role or rule:token_subject",
              "Validate a token.", "GET /v3/auth/tokens",
              "GET /v2.0/tokens/{token_id}"),
        _rule("check_token", f"{ADMIN} or rule:token_subject", "Check a token.",
              "HEAD /v3/auth/tokens"),
        _rule("revoke_token", f"{ADMIN} or rule:token_subject", "Revoke a token.",
              "DELETE /v3/auth/tokens"),
        _rule("ec2_list_credentials", f"{ADMIN} or rule:owner",
              "List a user's EC2 credentials.",
              "GET /v3/users/{user_id}/credentials/OS-EC2"),
        _rule("ec2_get_credential", f"{ADMIN} or {OWN_CREDENTIAL}",
              "Show EC2 credentials.",
              "GET /v3/users/{user_id}/credentials/OS-EC2/{credential_id}"),
        _rule("ec2_create_credential", f"{ADMIN} or (role:member and {OWN_CREDENTIAL})",
              "Create EC2 credentials.", "POST /v3/users/{user_id}/credentials/OS-EC2"),
        _rule("ec2_delete_credential", f"{ADMIN} or (role:member and {OWN_CREDENTIAL})",
              "Delete EC2 credentials.",
              "DELETE /v3/users/{user_id}/credentials/OS-EC2/{credential_id}"),
        _rule("list_credentials", f"{ADMIN} or {OWN_CREDENTIAL}",
              "List credentials (a user's own, unless an administrator).",
              "GET /v3/credentials"),
        _rule("get_credential", f"{ADMIN} or {OWN_CREDENTIAL}", "Show a credential.",
              "GET /v3/credentials/{credential_id}"),
        _rule("create_credential", f"{ADMIN} or {OWN_CREDENTIAL}",
              "Create a credential.", "POST /v3/credentials"),
        _rule("update_credential", f"{ADMIN} or {OWN_CREDENTIAL}",
              "Update a credential's blob.", "PATCH /v3/credentials/{credential_id}"),
        _rule("delete_credential", f"{ADMIN} or {OWN_CREDENTIAL}",
              "Delete a credential.", "DELETE /v3/credentials/{credential_id}"),
    ]
)
