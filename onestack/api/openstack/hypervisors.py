"""/os-hypervisors: the compute nodes, their resources and their servers.

A node's state and status are those of the onestack-compute service of its
host; a node whose service record is gone is left out of lists. Ids are the
nodes' integer ids before 2.53 and their uuids from 2.53, which also moves
search and servers into query parameters of the lists.
"""
from __future__ import annotations

import json

from onestack.api.openstack import base, params
from onestack.api.openstack.schemas import hypervisors as schemas
from onestack.api.openstack.services import COMPUTE, is_uuid
from onestack.compute import rpcapi as compute_rpcapi
from onestack.common import exceptions
from onestack.db import compute_nodes, services as service_db, usage

RULE = "os_compute_api:os-hypervisors:%s"
STATISTICS = ("count", "vcpus", "memory_mb", "local_gb", "vcpus_used",
              "memory_mb_used", "local_gb_used", "free_ram_mb", "free_disk_gb",
              "current_workload", "running_vms", "disk_available_least")




def compute_services() -> dict:
    return {row.host: row for row in service_db.list_(binary=COMPUTE)}


def node_id(req, node):
    return node.uuid if base.at_least(req, "2.53") else node.id


def cpu_info(req, node):
    """The JSON text before 2.28, the object it holds from 2.28."""
    if not base.at_least(req, "2.28"):
        return node.cpu_info or ""
    try:
        value = json.loads(node.cpu_info or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def view(conf, req, node, service, detail: bool, servers=None,
         with_servers: bool = False) -> dict:
    result = {
        "id": node_id(req, node),
        "hypervisor_hostname": node.hypervisor_hostname,
        "state": "up" if service_db.is_up(service, conf.service_down_time) else "down",
        "status": "disabled" if service.disabled else "enabled",
    }
    if detail:
        result.update({
            "hypervisor_type": node.hypervisor_type,
            "hypervisor_version": node.hypervisor_version,
            "host_ip": node.host_ip,
            "service": {"id": service.uuid if base.at_least(req, "2.53") else service.id,
                        "host": node.host,
                        "disabled_reason": service.disabled_reason},
            "vcpus": node.vcpus, "memory_mb": node.memory_mb,
            "local_gb": node.local_gb, "vcpus_used": node.vcpus_used,
            "memory_mb_used": node.memory_mb_used,
            "local_gb_used": node.local_gb_used,
            "free_ram_mb": node.memory_mb - node.memory_mb_used,
            "free_disk_gb": node.local_gb - node.local_gb_used,
            "current_workload": node.current_workload,
            "running_vms": node.running_vms,
            "disk_available_least": node.disk_available_least,
            "cpu_info": cpu_info(req, node),
        })
    if servers:
        result["servers"] = [{"name": row.display_name, "uuid": row.uuid}
                             for row in servers]
    elif with_servers and base.at_least(req, "2.75"):
        result["servers"] = []
    return result


def matching(pattern: str) -> list:
    """Nodes whose hypervisor_hostname contains the pattern; 404 if none."""
    wanted = pattern.lower()
    nodes = [node for node in compute_nodes.list_()
             if wanted in node.hypervisor_hostname.lower()]
    if not nodes:
        raise exceptions.NotFound(f"No hypervisor matching '{pattern}' could be found.")
    return nodes


def find(req, hypervisor_id: str):
    """The node and its service named by a path id (int before 2.53, uuid after)."""
    missing = exceptions.NotFound(f"Hypervisor with ID '{hypervisor_id}' could "
                                  "not be found.")
    if base.at_least(req, "2.53"):
        if not is_uuid(hypervisor_id):
            raise exceptions.BadRequest(f"Invalid uuid {hypervisor_id}")
        nodes = [n for n in compute_nodes.list_() if n.uuid == hypervisor_id.lower()]
    else:
        if not hypervisor_id.isdigit():
            raise missing
        nodes = [n for n in compute_nodes.list_() if n.id == int(hypervisor_id)]
    service = compute_services().get(nodes[0].host) if nodes else None
    if service is None:
        raise missing
    return nodes[0], service


class Hypervisors(base.Resource):
    """GET /os-hypervisors and /os-hypervisors/detail."""

    def __init__(self, conf, detail: bool):
        super().__init__(conf)
        self.detail = detail

    def on_get(self, req, resp):
        self.authorize(req, RULE % ("list-detail" if self.detail else "list"), {})
        pattern, with_servers = None, False
        if base.at_least(req, "2.53"):
            params.reject_unknown(req, schemas.INDEX_QUERY_V253)
            pattern = params.single(req, "hypervisor_hostname_pattern")
            with_servers = params.boolean(req, "with_servers")
        paged = base.at_least(req, "2.33")
        if pattern is not None:
            if "limit" in req.params or "marker" in req.params:
                raise exceptions.BadRequest(
                    "Paging over hypervisors with the hypervisor_hostname_pattern "
                    "query parameter is not supported.")
            nodes, paged = matching(pattern), False
        else:
            nodes = compute_nodes.list_()
        services = compute_services()
        nodes = [node for node in nodes if node.host in services]
        limit = None
        if paged:
            params.non_negative_int(req, "limit")
            limit, marker = base.limit_and_marker(req)
            nodes = self._page(req, nodes, limit, marker)
        items = [view(self.conf, req, node, services[node.host], self.detail,
                      usage.instances_on_host(node.host) if with_servers else None,
                      with_servers)
                 for node in nodes]
        body = {"hypervisors": items}
        if paged:
            collection = "/os-hypervisors/detail" if self.detail else "/os-hypervisors"
            links = base.next_links(req, collection, [item["id"] for item in items],
                                    limit)
            if links:
                body["hypervisors_links"] = links
        resp.media = body

    @staticmethod
    def _page(req, nodes, limit, marker):
        start = 0
        if marker is not None:
            ids = [str(node_id(req, node)) for node in nodes]
            if marker not in ids:
                raise exceptions.BadRequest(f"marker [{marker}] not found")
            start = ids.index(marker) + 1
        return nodes[start:start + limit]


class Statistics(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, RULE % "statistics", {})
        services = compute_services()
        totals = dict.fromkeys(STATISTICS, 0)
        for node in compute_nodes.list_():
            service = services.get(node.host)
            if service is None or service.disabled:
                continue
            totals["count"] += 1
            for name in ("vcpus", "memory_mb", "local_gb", "vcpus_used",
                         "memory_mb_used", "local_gb_used", "current_workload",
                         "running_vms"):
                totals[name] += getattr(node, name) or 0
            totals["free_ram_mb"] += node.memory_mb - node.memory_mb_used
            totals["free_disk_gb"] += node.local_gb - node.local_gb_used
            totals["disk_available_least"] += node.disk_available_least or 0
        resp.media = {"hypervisor_statistics": totals}


class Hypervisor(base.Resource):
    def on_get(self, req, resp, hypervisor):
        self.authorize(req, RULE % "show", {})
        with_servers = False
        if base.at_least(req, "2.53"):
            params.reject_unknown(req, schemas.SHOW_QUERY_V253)
            with_servers = params.boolean(req, "with_servers")
        node, service = find(req, hypervisor)
        servers = usage.instances_on_host(node.host) if with_servers else None
        resp.media = {"hypervisor": view(self.conf, req, node, service, True,
                                         servers, with_servers)}


class Uptime(base.Resource):
    def on_get(self, req, resp, hypervisor):
        self.authorize(req, RULE % "uptime", {})
        node, service = find(req, hypervisor)
        if not service_db.is_up(service, self.conf.service_down_time):
            raise exceptions.BadRequest(
                f"Compute service of {node.host} is unavailable at this time.")
        uptime = compute_rpcapi.get_host_uptime(req.context.ctx, node.host)
        body = view(self.conf, req, node, service, False, None, False)
        resp.media = {"hypervisor": {**body, "uptime": uptime}}


class Search(base.Resource):
    """GET /os-hypervisors/{pattern}/search and .../servers, before 2.53."""

    def __init__(self, conf, with_servers: bool):
        super().__init__(conf)
        self.with_servers = with_servers

    def on_get(self, req, resp, hypervisor):
        if base.at_least(req, "2.53"):
            raise exceptions.NotFound("The resource could not be found.")
        self.authorize(req, RULE % ("servers" if self.with_servers else "search"), {})
        services = compute_services()
        items = []
        for node in matching(hypervisor):
            if node.host not in services:
                continue
            servers = usage.instances_on_host(node.host) if self.with_servers else None
            items.append(view(self.conf, req, node, services[node.host], False,
                              servers))
        resp.media = {"hypervisors": items}


ROUTES = (
    ("/os-hypervisors", lambda conf: Hypervisors(conf, detail=False)),
    ("/os-hypervisors/detail", lambda conf: Hypervisors(conf, detail=True)),
    ("/os-hypervisors/statistics", lambda conf: Statistics(conf)),
    ("/os-hypervisors/{hypervisor}", lambda conf: Hypervisor(conf)),
    ("/os-hypervisors/{hypervisor}/uptime", lambda conf: Uptime(conf)),
    ("/os-hypervisors/{hypervisor}/search", lambda conf: Search(conf, False)),
    ("/os-hypervisors/{hypervisor}/servers", lambda conf: Search(conf, True)),
)
