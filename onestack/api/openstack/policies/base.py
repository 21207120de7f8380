"""Rules the compute API's resource rules refer to."""
from oslo_policy import policy

ADMIN = "rule:admin_api"
ADMIN_OR_OWNER = "rule:admin_or_owner"
ANY = "@"

RULES = [
    policy.RuleDefault("compute_extension:admin_api", "rule:admin_api",
                       "Legacy name of admin-only compute rules."),
]
