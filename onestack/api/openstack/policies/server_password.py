"""Policy of os-server-password: a project's readers read the (encrypted)
password its server posted, its members clear it, as in Nova."""
from onestack.api.openstack.policies.base import (PROJECT_MEMBER_OR_ADMIN,
                                                  PROJECT_READER_OR_ADMIN, documented)

BASE = "os_compute_api:os-server-password:%s"
PATH = "/servers/{server_id}/os-server-password"

RULES = [
    documented(BASE % "show", PROJECT_READER_OR_ADMIN,
               "Show the encrypted password a server posted to the metadata service.",
               f"GET {PATH}"),
    documented(BASE % "clear", PROJECT_MEMBER_OR_ADMIN,
               "Clear the password a server posted to the metadata service.",
               f"DELETE {PATH}"),
]
