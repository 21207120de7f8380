"""Policy of /servers/{id}/ips: a project's readers see its servers' addresses."""
from onestack.api.openstack.policies.base import PROJECT_READER_OR_ADMIN, documented

BASE = "os_compute_api:ips:%s"

RULES = [
    documented(BASE % "index", PROJECT_READER_OR_ADMIN,
               "List the addresses of a server, by network.",
               "GET /servers/{server_id}/ips"),
    documented(BASE % "show", PROJECT_READER_OR_ADMIN,
               "Show the addresses of a server on one network.",
               "GET /servers/{server_id}/ips/{network_label}"),
]
