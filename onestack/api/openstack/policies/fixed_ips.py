"""Policy of os-fixed-ips: the administrator's."""
from onestack.api.openstack.policies.base import ADMIN, documented

BASE = "os_compute_api:os-fixed-ips"

RULES = [
    documented(BASE, ADMIN, "Show a fixed IP, reserve and unreserve it.",
               "GET /os-fixed-ips/{fixed_ip}",
               "POST /os-fixed-ips/{fixed_ip}/action (reserve)",
               "POST /os-fixed-ips/{fixed_ip}/action (unreserve)"),
]
