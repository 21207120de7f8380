"""Policy of os-floating-ips-bulk: the administrator's ranges of floating IPs."""
from onestack.api.openstack.policies.base import ADMIN, documented

BASE = "os_compute_api:os-floating-ips-bulk"

RULES = [
    documented(BASE, ADMIN, "List, create and delete ranges of floating IPs.",
               "GET /os-floating-ips-bulk", "POST /os-floating-ips-bulk",
               "PUT /os-floating-ips-bulk/delete",
               "GET /os-floating-ips-bulk/{host_name}"),
]
