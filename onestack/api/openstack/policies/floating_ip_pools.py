"""Policy of os-floating-ip-pools: anyone may list the pools (Nova's default)."""
from onestack.api.openstack.policies.base import ANY, documented

BASE = "os_compute_api:os-floating-ip-pools"

RULES = [
    documented(BASE, ANY, "List the floating IP pools.", "GET /os-floating-ip-pools"),
]
