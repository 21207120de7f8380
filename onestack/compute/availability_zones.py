"""Availability zones: which zone a host is in, and which hosts a zone has.

A compute host's zone is the `availability_zone` metadata of an aggregate it
belongs to, else `default_availability_zone` ("nova"); every other service is
in `internal_service_availability_zone` ("internal").
"""
from __future__ import annotations

from onestack.db import aggregates, services

COMPUTE_BINARY = "onestack-compute"


def _zone_from(conf, zones: set[str] | None) -> str:
    # a host is in aggregates of one zone at most (db.aggregates refuses more)
    return ",".join(sorted(zones)) if zones else conf.default_availability_zone


def zone_of_host(conf, host: str) -> str:
    """The availability zone of compute host `host`."""
    return _zone_from(conf, aggregates.zones_of_hosts([host]).get(host))


def hosts_in_zone(conf, zone: str) -> set[str]:
    """The compute hosts (known services and aggregate members) in `zone`."""
    zoned = aggregates.zones_of_hosts()
    hosts = {host for host, zones in zoned.items() if zone in zones}
    if zone == conf.default_availability_zone:
        hosts |= {row.host for row in services.list_(binary=COMPUTE_BINARY)
                  if not zoned.get(row.host)}
    return hosts


def zones_of_services(conf, rows) -> dict[int, str]:
    """service id -> its availability zone, for service records `rows`."""
    zoned = aggregates.zones_of_hosts({row.host for row in rows})
    return {row.id: (_zone_from(conf, zoned.get(row.host))
                     if row.binary == COMPUTE_BINARY
                     else conf.internal_service_availability_zone)
            for row in rows}
