"""Policy of os-networks, in Nova's rule names: readers list and show the
networks their project sees; the administrator creates, deletes and
associates networks with projects and hosts."""
from onestack.api.openstack.policies.base import ADMIN, PROJECT_READER_OR_ADMIN, \
    documented

MANAGE = "os_compute_api:os-networks"
ASSOCIATE = "os_compute_api:os-networks-associate"
BASE = "os_compute_api:os-networks:%s"
ACTION = "POST /os-networks/{network_id}/action"

RULES = [
    documented(BASE % "list", PROJECT_READER_OR_ADMIN,
               "List the networks one's project sees (the administrator: all, "
               "with more fields).", "GET /os-networks"),
    documented(BASE % "show", PROJECT_READER_OR_ADMIN,
               "Show a network one's project sees.", "GET /os-networks/{network_id}"),
    documented(MANAGE, ADMIN,
               "Create and delete networks, associate a network with one's "
               "project, disassociate a network from its project and host.",
               "POST /os-networks", "POST /os-networks/add",
               "DELETE /os-networks/{network_id}", ACTION + " (disassociate)"),
    documented(ASSOCIATE, ADMIN,
               "Associate a network with a network host, disassociate it from "
               "its host or its project.",
               ACTION + " (associate_host)", ACTION + " (disassociate_host)",
               ACTION + " (disassociate_project)"),
]
