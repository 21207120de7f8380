"""Policy of flavor extra specs: project readers read them, administrators
change them."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN, PROJECT_READER_OR_ADMIN

BASE = "os_compute_api:os-flavor-extra-specs:%s"
PATH = "/flavors/{flavor_id}/os-extra_specs"

RULES = [
    policy.DocumentedRuleDefault(
        BASE % "index", PROJECT_READER_OR_ADMIN,
        "List a flavor's extra specs; also decides whether flavor bodies show "
        "them (2.61).",
        [{"method": "GET", "path": PATH}, {"method": "GET", "path": "/flavors/detail"},
         {"method": "GET", "path": "/flavors/{flavor_id}"}]),
    policy.DocumentedRuleDefault(
        BASE % "show", PROJECT_READER_OR_ADMIN, "Show one extra spec of a flavor.",
        [{"method": "GET", "path": PATH + "/{flavor_extra_spec_key}"}]),
    policy.DocumentedRuleDefault(
        BASE % "create", ADMIN, "Add extra specs to a flavor.",
        [{"method": "POST", "path": PATH}]),
    policy.DocumentedRuleDefault(
        BASE % "update", ADMIN, "Change one extra spec of a flavor.",
        [{"method": "PUT", "path": PATH + "/{flavor_extra_spec_key}"}]),
    policy.DocumentedRuleDefault(
        BASE % "delete", ADMIN, "Delete one extra spec of a flavor.",
        [{"method": "DELETE", "path": PATH + "/{flavor_extra_spec_key}"}]),
]
