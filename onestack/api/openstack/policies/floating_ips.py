"""Policy of os-floating-ips and the addFloatingIp / removeFloatingIp server
actions, in Nova's names and defaults: readers see their project's floating
IPs, members allocate, move and release them."""
from onestack.api.openstack.policies.base import (PROJECT_MEMBER_OR_ADMIN,
                                                  PROJECT_READER_OR_ADMIN, documented)

BASE = "os_compute_api:os-floating-ips:%s"
COLLECTION = "/os-floating-ips"
ITEM = "/os-floating-ips/{floating_ip_id}"

RULES = [
    documented(BASE % "add", PROJECT_MEMBER_OR_ADMIN,
               "Associate a floating IP with a server.",
               "POST /servers/{server_id}/action (addFloatingIp)"),
    documented(BASE % "remove", PROJECT_MEMBER_OR_ADMIN,
               "Disassociate a floating IP from a server.",
               "POST /servers/{server_id}/action (removeFloatingIp)"),
    documented(BASE % "list", PROJECT_READER_OR_ADMIN,
               "List the floating IPs of one's project.", f"GET {COLLECTION}"),
    documented(BASE % "create", PROJECT_MEMBER_OR_ADMIN,
               "Allocate a floating IP from a pool.", f"POST {COLLECTION}"),
    documented(BASE % "show", PROJECT_READER_OR_ADMIN, "Show a floating IP.",
               f"GET {ITEM}"),
    documented(BASE % "delete", PROJECT_MEMBER_OR_ADMIN,
               "Release a floating IP to its pool.", f"DELETE {ITEM}"),
]
