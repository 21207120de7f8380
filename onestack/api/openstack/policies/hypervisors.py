"""Policy of os-hypervisors: administrators only."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN

BASE = "os_compute_api:os-hypervisors:%s"


def _rule(name, description, method, path):
    return policy.DocumentedRuleDefault(BASE % name, ADMIN, description,
                                        [{"method": method, "path": path}])


RULES = [
    _rule("list", "List all hypervisors.", "GET", "/os-hypervisors"),
    _rule("list-detail", "List all hypervisors with details.", "GET",
          "/os-hypervisors/detail"),
    _rule("statistics", "Show summary statistics of all hypervisors.", "GET",
          "/os-hypervisors/statistics"),
    _rule("show", "Show the details of a hypervisor.", "GET",
          "/os-hypervisors/{hypervisor_id}"),
    _rule("uptime", "Show the uptime of a hypervisor.", "GET",
          "/os-hypervisors/{hypervisor_id}/uptime"),
    _rule("search", "Search hypervisors by hypervisor_hostname pattern.", "GET",
          "/os-hypervisors/{hypervisor_hostname_pattern}/search"),
    _rule("servers", "List the servers on hypervisors matching a pattern.", "GET",
          "/os-hypervisors/{hypervisor_hostname_pattern}/servers"),
]
