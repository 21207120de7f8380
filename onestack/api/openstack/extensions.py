"""/extensions: the v2 extension names of what this compute API serves.

Nova froze this list when microversions replaced extensions; clients and
Tempest still read it to learn what a cloud offers. We list only the
extensions whose API is here.
"""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.common import exceptions

RULE = "os_compute_api:extensions"
UPDATED = "2014-12-03T00:00:00Z"

# (name, alias, description)
EXTENSIONS = (
    ("AdminActions", "os-admin-actions",
     "Reset a server's state; inject its network information."),
    ("AdminPassword", "os-admin-password", "Change a server's admin password."),
    ("Aggregates", "os-aggregates", "Host aggregates."),
    ("AvailabilityZone", "os-availability-zone", "Availability zones."),
    ("ConsoleOutput", "os-console-output", "A server's console log."),
    ("CreateBackup", "os-create-backup", "Rotated backups of a server."),
    ("DeferredDelete", "os-deferred-delete",
     "Restore and force-delete soft-deleted servers."),
    ("DiskConfig", "OS-DCF", "The disk configuration attribute of servers."),
    ("Evacuate", "os-evacuate", "Evacuate a server from a failed host."),
    ("ExtendedAvailabilityZone", "OS-EXT-AZ", "The availability zone of servers."),
    ("ExtendedIps", "OS-EXT-IPS", "The type (fixed or floating) of server addresses."),
    ("ExtendedIpsMac", "OS-EXT-IPS-MAC", "The MAC address of server addresses."),
    ("ExtendedServerAttributes", "OS-EXT-SRV-ATTR", "Host attributes of servers."),
    ("ExtendedStatus", "OS-EXT-STS", "vm_state, task_state and power_state of servers."),
    ("FixedIPs", "os-fixed-ips", "Fixed IPs: show, reserve and unreserve."),
    ("FlavorAccess", "os-flavor-access", "Private flavors and their projects."),
    ("FlavorExtraSpecs", "os-flavor-extra-specs", "Extra specs of flavors."),
    ("FlavorManage", "os-flavor-manage", "Create and delete flavors."),
    ("FloatingIpPools", "os-floating-ip-pools", "Floating IP pools."),
    ("FloatingIps", "os-floating-ips", "Floating IPs of projects."),
    ("FloatingIpsBulk", "os-floating-ips-bulk", "Floating IP ranges (admin)."),
    ("Hosts", "os-hosts", "Hosts and what their servers use."),
    ("Hypervisors", "os-hypervisors", "Hypervisors and their statistics."),
    ("InstanceActions", "os-instance-actions", "The actions done on a server."),
    ("Keypairs", "os-keypairs", "SSH key pairs."),
    ("Ips", "ips", "The addresses of a server, by network."),
    ("Lock", "os-lock-server", "Lock and unlock servers."),
    ("MigrateServer", "os-migrate-server", "Cold and live migration."),
    ("Networks", "os-networks", "Networks (admin)."),
    ("OSTenantNetworks", "os-tenant-networks", "The networks of a project."),
    ("Pause", "os-pause-server", "Pause and unpause servers."),
    ("QuotaClasses", "os-quota-class-sets", "Default quotas."),
    ("Quotas", "os-quota-sets", "Quotas of projects and users."),
    ("SecurityGroups", "os-security-groups", "Security groups and their rules."),
    ("ServerGroups", "os-server-groups", "Affinity and anti-affinity groups."),
    ("ServerPassword", "os-server-password",
     "The password a server posted to the metadata service."),
    ("ServerUsage", "OS-SRV-USG", "Launch and termination times of servers."),
    ("ServerStartStop", "os-server-start-stop", "Start and stop servers."),
    ("Services", "os-services", "The services of the cloud."),
    ("SimpleTenantUsage", "os-simple-tenant-usage", "Usage per project."),
    ("Suspend", "os-suspend-server", "Suspend and resume servers."),
)


def view(name: str, alias: str, description: str) -> dict:
    return {"name": name, "alias": alias, "description": description,
            "namespace": "http://docs.openstack.org/compute/ext/fake_xml",
            "updated": UPDATED, "links": []}


class Extensions(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, RULE)
        resp.media = {"extensions": [view(*entry) for entry in EXTENSIONS]}


class Extension(base.Resource):
    def on_get(self, req, resp, alias):
        self.authorize(req, RULE)
        for entry in EXTENSIONS:
            if entry[1] == alias:
                resp.media = {"extension": view(*entry)}
                return
        raise exceptions.NotFound(f"Extension {alias} could not be found.")


ROUTES = (
    ("/extensions", lambda conf: Extensions(conf)),
    ("/extensions/{alias}", lambda conf: Extension(conf)),
)
