"""Policy of os-aggregates: administrators only."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN

BASE = "os_compute_api:os-aggregates:%s"


def _rule(name, description, method, path):
    return policy.DocumentedRuleDefault(BASE % name, ADMIN, description,
                                        [{"method": method, "path": path}])


RULES = [
    _rule("index", "List host aggregates.", "GET", "/os-aggregates"),
    _rule("create", "Create a host aggregate.", "POST", "/os-aggregates"),
    _rule("show", "Show a host aggregate.", "GET", "/os-aggregates/{aggregate_id}"),
    _rule("update", "Rename a host aggregate or change its availability zone.",
          "PUT", "/os-aggregates/{aggregate_id}"),
    _rule("delete", "Delete a host aggregate.", "DELETE",
          "/os-aggregates/{aggregate_id}"),
    _rule("add_host", "Add a host to an aggregate.", "POST",
          "/os-aggregates/{aggregate_id}/action (add_host)"),
    _rule("remove_host", "Remove a host from an aggregate.", "POST",
          "/os-aggregates/{aggregate_id}/action (remove_host)"),
    _rule("set_metadata", "Set or remove metadata of an aggregate.", "POST",
          "/os-aggregates/{aggregate_id}/action (set_metadata)"),
]
