"""GET /v2.0/extensions (any token): exactly the Neutron extensions this API serves, so
that clients (and Tempest) use what is here and skip what is not."""
from onestack.api.neutron import base, errors
from onestack.common import exceptions

UPDATED = "2013-01-01T00:00:00-00:00"

# the core collections, named as /v2.0 lists them: (collection, member)
COLLECTIONS = [("networks", "network"), ("subnets", "subnet"), ("ports", "port")]

# alias -> (name, description); one line each
EXTENSIONS = {
    "external-net": ("Neutron external network",
                     "Floating IP pools as networks with router:external true."),
    "router": ("Neutron L3 Router",
               "Routers: a project network's gateway to a floating IP pool."),
    "net-mtu": ("Network MTU", "The MTU of each network."),
    "project-id": ("project_id field enabled",
                   "project_id beside tenant_id in every resource."),
    "standard-attr-description": ("standard-attr-description",
                                  "A description on networks, ports and routers."),
    "fields": ("Fields", "fields= in list and show requests."),
    "pagination": ("Pagination support", "limit, marker and page_reverse in lists."),
    "sorting": ("Sorting support", "sort_key and sort_dir in lists."),
    "filter-validation": ("Filter parameters validation",
                          "A filter on an attribute a resource lacks is refused."),
    "security-group": ("security-group",
                       "Security groups and their ingress and egress rules."),
    "quotas": ("Quota management support",
               "The networking quotas of each project, set by the administrator."),
    "quota_details": ("Quota details management support",
                      "The limit, usage and reservations of each quota."),
    "quota-check-limit": ("Quota engine limit check",
                          "check_limit: refuse a limit below the usage."),
    "binding": ("Port Binding",
                "binding:host_id, vif_type, vif_details, vnic_type and profile of "
                "ports, the administrator's."),
    "agent": ("agent", "The network hosts as agents: list, show, update, delete."),
}


def view(alias: str) -> dict:
    name, description = EXTENSIONS[alias]
    return {"alias": alias, "name": name, "description": description,
            "updated": UPDATED, "links": []}


class Extensions(base.Resource):
    def on_get(self, req, resp):
        resp.media = {"extensions": [view(alias) for alias in EXTENSIONS]}


class Extension(base.Resource):
    def on_get(self, req, resp, alias):
        if alias not in EXTENSIONS:
            raise errors.typed(exceptions.NotFound(
                f"Extension with alias {alias} does not exist"), "HTTPNotFound")
        resp.media = {"extension": view(alias)}


ROUTES = (
    ("/extensions", lambda conf: Extensions(conf)),
    ("/extensions/{alias}", lambda conf: Extension(conf)),
)
