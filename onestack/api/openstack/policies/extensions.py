"""Policy of /extensions: anyone may read the list."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ANY

RULES = [
    policy.DocumentedRuleDefault(
        "os_compute_api:extensions", ANY, "List the compute API's extensions.",
        [{"method": "GET", "path": "/extensions"},
         {"method": "GET", "path": "/extensions/{alias}"}]),
]
