"""/os-availability-zone: the zones that have services, available when one of
their services is enabled; /detail (admin) adds each host's services.

Compute hosts are in their aggregate's zone or the default one; the other
services in the internal zone, which the plain list hides.
"""
from __future__ import annotations

from onestack.api.openstack import base, timestamps
from onestack.api.openstack.policies import availability_zones as policies
from onestack.api.openstack.services import nova_binary
from onestack.compute import availability_zones
from onestack.db import services as service_db

# API services are not kept like the others, and Nova leaves them out
API_BINARIES = ("onestack-api", "onestack-osapi_compute", "onestack-metadata")


def zone_states(conf):
    """(services, service id -> zone, available zones, unavailable zones)."""
    rows = service_db.list_()
    zones = availability_zones.zones_of_services(conf, rows)
    available = sorted({zones[row.id] for row in rows if not row.disabled})
    unavailable = sorted({zones[row.id] for row in rows if row.disabled}
                         - set(available))
    return rows, zones, available, unavailable


def host_services(conf, rows, zones, zone: str) -> dict:
    hosts: dict[str, dict] = {}
    for row in rows:
        if row.disabled or row.binary in API_BINARIES or zones[row.id] != zone:
            continue
        hosts.setdefault(row.host, {})[nova_binary(row.binary)] = {
            "available": service_db.is_up(row, conf.service_down_time),
            "active": not row.disabled,
            "updated_at": timestamps.precise(row.last_seen_up or row.updated_at
                                             or row.created_at),
        }
    return hosts


class AvailabilityZones(base.Resource):
    """GET /os-availability-zone."""

    def on_get(self, req, resp):
        self.authorize(req, policies.BASE % "list", {})
        _rows, _zones, available, unavailable = zone_states(self.conf)
        internal = self.conf.internal_service_availability_zone
        info = [{"zoneName": zone, "zoneState": {"available": state}, "hosts": None}
                for names, state in ((available, True), (unavailable, False))
                for zone in names if zone != internal]
        resp.media = {"availabilityZoneInfo": info}


class AvailabilityZoneDetails(base.Resource):
    """GET /os-availability-zone/detail."""

    def on_get(self, req, resp):
        self.authorize(req, policies.BASE % "detail", {})
        rows, zones, available, unavailable = zone_states(self.conf)
        info = [{"zoneName": zone, "zoneState": {"available": True},
                 "hosts": host_services(self.conf, rows, zones, zone)}
                for zone in available]
        info += [{"zoneName": zone, "zoneState": {"available": False}, "hosts": None}
                 for zone in unavailable]
        resp.media = {"availabilityZoneInfo": info}


ROUTES = (
    ("/os-availability-zone", lambda conf: AvailabilityZones(conf)),
    ("/os-availability-zone/detail", lambda conf: AvailabilityZoneDetails(conf)),
)
