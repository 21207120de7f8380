"""Policy of os-keypairs: key pairs belong to a user, not to a project.

Any user sees their own key pairs and the admin anyone's, as in Nova. Nova
also lets a user with only the reader role create and delete their key
pairs; here writing needs the member role, so that a reader changes nothing
(issue 8: a reader must be read-only)."""
from onestack.api.openstack.policies.base import ADMIN, documented

BASE = "os_compute_api:os-keypairs:%s"
ADMIN_OR_KEY_OWNER = f"({ADMIN}) or user_id:%(user_id)s"
ADMIN_OR_KEY_OWNER_MEMBER = f"({ADMIN}) or (role:member and user_id:%(user_id)s)"

RULES = [
    documented(BASE % "index", ADMIN_OR_KEY_OWNER, "List the key pairs of a user.",
               "GET /os-keypairs"),
    documented(BASE % "create", ADMIN_OR_KEY_OWNER_MEMBER,
               "Create or import a key pair.", "POST /os-keypairs"),
    documented(BASE % "delete", ADMIN_OR_KEY_OWNER_MEMBER, "Delete a key pair.",
               "DELETE /os-keypairs/{keypair_name}"),
    documented(BASE % "show", ADMIN_OR_KEY_OWNER, "Show a key pair.",
               "GET /os-keypairs/{keypair_name}"),
]
