"""Policy of os-keypairs: users manage their own key pairs, the admin anyone's."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN

BASE = "os_compute_api:os-keypairs:%s"
ADMIN_OR_KEY_OWNER = f"({ADMIN}) or user_id:%(user_id)s"

RULES = [
    policy.DocumentedRuleDefault(
        BASE % "index", ADMIN_OR_KEY_OWNER, "List the key pairs of a user.",
        [{"method": "GET", "path": "/os-keypairs"}]),
    policy.DocumentedRuleDefault(
        BASE % "create", ADMIN_OR_KEY_OWNER, "Create or import a key pair.",
        [{"method": "POST", "path": "/os-keypairs"}]),
    policy.DocumentedRuleDefault(
        BASE % "delete", ADMIN_OR_KEY_OWNER, "Delete a key pair.",
        [{"method": "DELETE", "path": "/os-keypairs/{keypair_name}"}]),
    policy.DocumentedRuleDefault(
        BASE % "show", ADMIN_OR_KEY_OWNER, "Show a key pair.",
        [{"method": "GET", "path": "/os-keypairs/{keypair_name}"}]),
]
