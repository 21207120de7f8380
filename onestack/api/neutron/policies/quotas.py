"""Networking quotas, in Neutron's rule names: a project's readers see its
quotas, the administrator sees and sets everyone's."""
from onestack.api.neutron.policies.base import ADMIN, READ, documented

Q = "/v2.0/quotas"

RULES = [
    documented("get_quota", READ, "Show a project's quotas (and their usage).",
               f"GET {Q}/{{project_id}}", f"GET {Q}/{{project_id}}/details",
               f"GET {Q}/{{project_id}}/default"),
    documented("get_quotas", ADMIN, "List the projects with quotas of their own.",
               f"GET {Q}"),
    documented("update_quota", ADMIN, "Set a project's quotas.",
               f"PUT {Q}/{{project_id}}"),
    documented("delete_quota", ADMIN, "Reset a project's quotas to the defaults.",
               f"DELETE {Q}/{{project_id}}"),
]
