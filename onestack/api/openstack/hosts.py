"""/os-hosts: hosts with their services, and what a host's servers use.

Nova deprecated it at 2.43 (404 from then on); `openstack host list/show/set`
still call it at 2.1. Showing a host gives db.usage.host_resources: its totals,
what is allocated on it now, the sum of its servers' flavors (used_max) and
that sum per project.
"""
from __future__ import annotations

from onestack.api.openstack import base, params
from onestack.api.openstack.schemas import hosts as schemas
from onestack.api.openstack.services import COMPUTE
from onestack.common import exceptions
from onestack.compute import availability_zones
from onestack.db import services as service_db, usage
from onestack.wsgi import validation

RULE = "os_compute_api:os-hosts:%s"


def deprecated(req) -> None:
    if base.at_least(req, "2.43"):
        raise exceptions.NotFound("The resource could not be found.")


def host_resources(host: str) -> list[dict]:
    table = usage.host_resources(host)
    rows = [("(total)", table.total), ("(used_now)", table.used_now),
            ("(used_max)", table.used_max), *table.by_project.items()]
    return [{"resource": {"host": host, "project": project, "cpu": amount.vcpus,
                          "memory_mb": amount.memory_mb, "disk_gb": amount.disk_gb}}
            for project, amount in rows]


class Hosts(base.Resource):
    def on_get(self, req, resp):
        deprecated(req)
        self.authorize(req, RULE % "list", {})
        zone = params.last(req, "zone")
        rows = [row for row in service_db.list_() if not row.disabled]
        zones = availability_zones.zones_of_services(self.conf, rows)
        hosts = []
        for row in rows:
            entry = {"host_name": row.host, "service": row.topic, "zone": zones[row.id]}
            if not zone or entry["zone"] == zone:
                hosts.append(entry)
        resp.media = {"hosts": hosts}


class Host(base.Resource):
    def on_get(self, req, resp, host_name):
        deprecated(req)
        self.authorize(req, RULE % "show", {})
        resp.media = {"host": host_resources(host_name)}

    def on_put(self, req, resp, host_name):
        """Enable or disable the host's compute service, as XenAPI's hosts did;
        maintenance mode is a hypervisor feature none of our drivers has."""
        deprecated(req)
        self.authorize(req, RULE % "update", {})
        body = validation.read_valid_json(req, schemas.update)
        service = compute_service(host_name)
        if "maintenance_mode" in body:
            raise exceptions.FeatureNotSupported()
        enable = body["status"].lower() == "enable"
        service_db.update(service.id, disabled=not enable,
                          disabled_reason=None if enable else "disabled through os-hosts")
        resp.media = {"host": host_name,
                      "status": "enabled" if enable else "disabled"}


class HostPowerAction(base.Resource):
    """GET /os-hosts/{host}/reboot, /shutdown, /startup: power actions on the
    hypervisor host itself, which no driver of ours (nor Nova's libvirt) does:
    501 once the caller may ask and the host exists."""

    def __init__(self, conf, action: str):
        super().__init__(conf)
        self.action = action

    def on_get(self, req, resp, host_name):
        deprecated(req)
        self.authorize(req, RULE % self.action, {})
        compute_service(host_name)
        raise exceptions.FeatureNotSupported()


def compute_service(host_name: str):
    try:
        return service_db.get_by_host_binary(host_name, COMPUTE)
    except exceptions.NotFound:
        raise exceptions.NotFound(f"Compute host {host_name} could not be found.")


ROUTES = (
    ("/os-hosts", lambda conf: Hosts(conf)),
    ("/os-hosts/{host_name}", lambda conf: Host(conf)),
    ("/os-hosts/{host_name}/reboot", lambda conf: HostPowerAction(conf, "reboot")),
    ("/os-hosts/{host_name}/shutdown", lambda conf: HostPowerAction(conf, "shutdown")),
    ("/os-hosts/{host_name}/startup", lambda conf: HostPowerAction(conf, "start")),
)
