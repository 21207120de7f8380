"""Policy of os-tenant-networks: a project's readers see its networks, its
members create and delete networks of its own."""
from onestack.api.openstack.policies.base import PROJECT_MEMBER_OR_ADMIN, \
    PROJECT_READER_OR_ADMIN, documented

BASE = "os_compute_api:os-tenant-networks:%s"

RULES = [
    documented(BASE % "list", PROJECT_READER_OR_ADMIN,
               "List the networks one's project sees.", "GET /os-tenant-networks"),
    documented(BASE % "show", PROJECT_READER_OR_ADMIN,
               "Show a network one's project sees.",
               "GET /os-tenant-networks/{network_id}"),
    documented(BASE % "create", PROJECT_MEMBER_OR_ADMIN,
               "Create a network of one's project (quota: networks).",
               "POST /os-tenant-networks"),
    documented(BASE % "delete", PROJECT_MEMBER_OR_ADMIN,
               "Delete a network of one's project.",
               "DELETE /os-tenant-networks/{network_id}"),
]
