"""How nova-network's objects look in the networking API."""
from __future__ import annotations

import uuid

from onestack.api.openstack import timestamps
from onestack.network import modes
from onestack.network.pools import NAMESPACE

DEFAULT_MTU = 1500


def target(req, view: dict) -> dict:
    """The policy target of an object: its project (a shared or external
    object: the caller's, whom it is open to)."""
    return {"project_id": view.get("project_id") or req.context.ctx.project_id}


def _owned(project_id) -> dict:
    return {"project_id": project_id, "tenant_id": project_id}


def _stamps(row) -> dict:
    return {"created_at": timestamps.seconds_z(row.created_at),
            "updated_at": timestamps.seconds_z(row.updated_at or row.created_at)}


def subnet_id_of(network) -> str:
    return str(uuid.uuid5(NAMESPACE, f"subnet:{network.uuid}"))


def network(conf, row) -> dict:
    shared = row.project_id is None and not modes.current(conf).per_project
    return {"id": row.uuid, "name": row.label, **_owned(row.project_id),
            "admin_state_up": True, "status": "ACTIVE",
            "subnets": [subnet_id_of(row)], "shared": shared,
            "router:external": False, "mtu": row.mtu or DEFAULT_MTU,
            "availability_zone_hints": [], "availability_zones": ["nova"],
            "ipv4_address_scope": None, "ipv6_address_scope": None,
            "port_security_enabled": True, "l2_adjacency": True, "is_default": False,
            "description": "", **_stamps(row)}


def external_network(external) -> dict:
    return {"id": external.id, "name": external.name, **_owned(None),
            "admin_state_up": True, "status": "ACTIVE",
            "subnets": [external.subnet_id], "shared": False,
            "router:external": True, "mtu": DEFAULT_MTU,
            "availability_zone_hints": [], "availability_zones": ["nova"],
            "ipv4_address_scope": None, "ipv6_address_scope": None,
            "port_security_enabled": True, "l2_adjacency": True, "is_default": False,
            "description": f"Floating IP pool {external.name}",
            "created_at": None, "updated_at": None}
