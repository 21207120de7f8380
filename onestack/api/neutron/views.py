"""How nova-network's objects look in the networking API."""
from __future__ import annotations

from onestack.api.openstack import timestamps
from onestack.network import ipam, modes, subnet_values, subnets

DEFAULT_MTU = 1500


def target(req, view: dict) -> dict:
    """The policy target of an object: its project (a shared or external
    object: the caller's, whom it is open to)."""
    if view.get("router:external"):
        return {"project_id": req.context.ctx.project_id}
    return {"project_id": view.get("project_id") or req.context.ctx.project_id}


def owned(project_id) -> dict:
    return {"project_id": project_id, "tenant_id": project_id}


def stamps(row) -> dict:
    return {"created_at": timestamps.seconds_z(row.created_at),
            "updated_at": timestamps.seconds_z(row.updated_at or row.created_at)}


def _network(network_id, name, project_id, subnet_ids, shared, external, mtu,
             description) -> dict:
    return {"id": network_id, "name": name, **owned(project_id),
            "admin_state_up": True, "status": "ACTIVE", "subnets": subnet_ids,
            "shared": shared, "router:external": external, "mtu": mtu or DEFAULT_MTU,
            "availability_zone_hints": [], "availability_zones": ["nova"],
            "ipv4_address_scope": None, "ipv6_address_scope": None,
            "port_security_enabled": True, "l2_adjacency": True, "is_default": False,
            "description": description}


def network(conf, found: subnets.Found) -> dict:
    if found.external is not None and found.external.draft is not None:
        ext, row = found.external, found.external.draft
        return {**_network(ext.id, row.name, row.project_id, [ext.subnet_id], False,
                           True, row.mtu, row.description), **stamps(row)}
    if found.external is not None:
        ext = found.external
        return {**_network(ext.id, ext.name, None, [ext.subnet_id], False, True, None,
                           f"Floating IP pool {ext.name}"),
                "created_at": None, "updated_at": None}
    if found.draft is not None and found.draft.external:
        row = found.draft
        return {**_network(row.uuid, row.name, row.project_id, [], False, True, row.mtu,
                           row.description), **stamps(row)}
    row = found.network or found.draft
    shared = row.project_id is None and not modes.current(conf).per_project
    name = found.network.label if found.network is not None else found.draft.name
    subnet_ids = [found.network.subnet_uuid] if found.network is not None else []
    return {**_network(row.uuid, name, row.project_id, subnet_ids, shared, False,
                       row.mtu, row.description), **stamps(row)}


def _subnet(subnet_id, name, network_id, project_id, cidr, gateway, pools, dns,
            dhcp, routes=()) -> dict:
    return {"id": subnet_id, "name": name, "network_id": network_id,
            **owned(project_id), "ip_version": 4, "cidr": cidr, "gateway_ip": gateway,
            "allocation_pools": [{"start": a, "end": b} for a, b in pools],
            "dns_nameservers": dns,
            "host_routes": [{"destination": destination, "nexthop": nexthop}
                            for destination, nexthop in routes],
            "enable_dhcp": dhcp,
            "ipv6_address_mode": None, "ipv6_ra_mode": None, "subnetpool_id": None,
            "service_types": [], "segment_id": None, "description": ""}


def subnet(found: subnets.Found) -> dict:
    if found.external is not None:
        ext = found.external
        name = ext.name if ext.draft is None else ext.draft.name
        return {**_subnet(ext.subnet_id, name, ext.id, None, ext.cidr, None,
                          ext.ranges, [], False), "created_at": None, "updated_at": None}
    row = found.network
    return {**_subnet(row.subnet_uuid, row.subnet_name, row.uuid, row.project_id,
                      row.cidr, row.gateway, subnet_values.allocation_pools(row),
                      [d for d in (row.dns1, row.dns2) if d], row.enable_dhcp,
                      ipam.host_routes(row)),
            **stamps(row)}
