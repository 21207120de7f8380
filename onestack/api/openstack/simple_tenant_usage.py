"""/os-simple-tenant-usage: what projects' servers used over a period.

Every instance, deleted ones included, whose life (launched_at until it was
terminated or deleted) overlaps the period counts for the hours of overlap,
times its flavor's vCPUs, RAM and disk. The period runs from `start` to `end`
(default: now), and never past now. From 2.40 the servers are paged by
limit and marker (an instance uuid) with a `next` link.
"""
from __future__ import annotations

import datetime
import json

from onestack.api.openstack import base, params, timestamps
from onestack.api.openstack.schemas import simple_tenant_usage as schemas
from onestack.common import exceptions
from onestack.db import models, usage
from onestack.wsgi import paging

RULE = "os_compute_api:os-simple-tenant-usage:%s"
COLLECTION = "os-simple-tenant-usage"


def parse_time(text: str | None) -> datetime.datetime:
    if not text:
        return models.utcnow()
    for pattern in schemas.TIME_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise exceptions.BadRequest("Invalid datetime string: Datetime is in invalid "
                                f"format: {text!r}")


def period(req) -> tuple[datetime.datetime, datetime.datetime]:
    start = parse_time(params.first(req, "start"))
    stop = parse_time(params.first(req, "end"))
    if not start < stop:
        raise exceptions.BadRequest("Invalid start time. The start time cannot "
                                    "occur after the end time.")
    # never past now; a period wholly in the future is empty, not negative
    return start, max(start, min(stop, models.utcnow()))


def limit_and_marker(req) -> tuple[int, str | None]:
    if not base.at_least(req, "2.40"):
        return paging.MAX_LIMIT, None
    params.non_negative_int(req, "limit")
    params.single(req, "marker")
    return base.limit_and_marker(req)


def hours_in(row, start: datetime.datetime, stop: datetime.datetime) -> float:
    """Hours of the instance's life within [start, stop]."""
    launched, ended = row.launched_at, usage.ended_at(row)
    if launched is None or launched > stop or (ended and ended < start):
        return 0
    overlap = min(stop, ended or stop) - max(launched, start)
    return max(overlap.total_seconds(), 0) / 3600.0


def flavor_of(row) -> dict:
    """The flavor the instance was booted with (its JSON record), falling back
    to the sizes on the instance row."""
    sizes = {"name": "", "vcpus": row.vcpus, "memory_mb": row.memory_mb,
             "root_gb": row.root_gb, "ephemeral_gb": row.ephemeral_gb or 0}
    try:
        recorded = json.loads(row.flavor or "{}")
    except ValueError:
        recorded = {}
    if isinstance(recorded, dict):
        sizes.update({k: v for k, v in recorded.items() if k in sizes and v is not None})
    return sizes


def server_usage(row, start, stop, now) -> dict:
    flavor = flavor_of(row)
    ended = usage.ended_at(row)
    return {
        "instance_id": row.uuid,
        "name": row.display_name,
        "tenant_id": row.project_id,
        "hours": hours_in(row, start, stop),
        "flavor": flavor["name"],
        "memory_mb": flavor["memory_mb"],
        "local_gb": flavor["root_gb"] + flavor["ephemeral_gb"],
        "vcpus": flavor["vcpus"],
        "started_at": timestamps.precise(row.launched_at),
        "ended_at": timestamps.precise(ended),
        "state": "terminated" if ended else row.vm_state,
        "uptime": int(((ended or now) - row.launched_at).total_seconds()),
    }


def summarize(rows, start, stop, detailed: bool) -> tuple[list[dict], list[dict]]:
    """Per project totals (with their servers when detailed), and all servers."""
    now = models.utcnow()
    projects: dict[str, dict] = {}
    servers = []
    for row in rows:
        info = server_usage(row, start, stop, now)
        servers.append(info)
        summary = projects.get(row.project_id)
        if summary is None:
            summary = projects[row.project_id] = {
                "tenant_id": row.project_id, "total_local_gb_usage": 0.0,
                "total_vcpus_usage": 0.0, "total_memory_mb_usage": 0.0,
                "total_hours": 0.0, "start": timestamps.precise(start),
                "stop": timestamps.precise(stop)}
            if detailed:
                summary["server_usages"] = []
        summary["total_local_gb_usage"] += info["local_gb"] * info["hours"]
        summary["total_vcpus_usage"] += info["vcpus"] * info["hours"]
        summary["total_memory_mb_usage"] += info["memory_mb"] * info["hours"]
        summary["total_hours"] += info["hours"]
        if detailed:
            summary["server_usages"].append(info)
    return list(projects.values()), servers


def usage_rows(start, stop, limit, marker, project_id=None):
    try:
        return usage.active_in_window(start, stop, project_id=project_id,
                                      limit=limit, marker=marker)
    except exceptions.NotFound as exc:
        raise exceptions.BadRequest(exc.message)


def with_next_link(req, body: dict, path: str, servers: list[dict], limit) -> dict:
    """body with "<its key>_links" from 2.40 when the page of servers is full."""
    links = base.next_links(req, path, [server["instance_id"] for server in servers],
                            limit)
    if links and base.at_least(req, "2.40"):
        (key,) = body
        body[f"{key}_links"] = links
    return body


class Usages(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, RULE % "list", {})
        if base.at_least(req, "2.75"):
            params.reject_unknown(req, schemas.INDEX_QUERY_V275)
        start, stop = period(req)
        # Nova's "1"; openstacksdk (thus `openstack usage list`) sends "True"
        detailed = (params.first(req, "detailed") or "").strip().lower() in (
            "1", "true", "yes", "on")
        limit, marker = limit_and_marker(req)
        rows = usage_rows(start, stop, limit, marker)
        summaries, servers = summarize(rows, start, stop, detailed)
        body = {"tenant_usages": summaries}
        resp.media = with_next_link(req, body, f"/{COLLECTION}", servers, limit)


class ProjectUsage(base.Resource):
    def on_get(self, req, resp, tenant_id):
        self.authorize(req, RULE % "show", {"project_id": tenant_id})
        if base.at_least(req, "2.75"):
            params.reject_unknown(req, schemas.SHOW_QUERY_V275)
        start, stop = period(req)
        limit, marker = limit_and_marker(req)
        rows = usage_rows(start, stop, limit, marker, project_id=tenant_id)
        summaries, servers = summarize(rows, start, stop, detailed=True)
        body = {"tenant_usage": summaries[0] if summaries else {}}
        resp.media = with_next_link(req, body, f"/{COLLECTION}/{tenant_id}", servers,
                                    limit)


ROUTES = (
    ("/os-simple-tenant-usage", lambda conf: Usages(conf)),
    ("/os-simple-tenant-usage/{tenant_id}", lambda conf: ProjectUsage(conf)),
)
