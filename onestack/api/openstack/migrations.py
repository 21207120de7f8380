"""/os-migrations: the moves of servers between hosts, newest first; and
/servers/{id}/migrations (2.23): a server's live migrations in progress.

Filters host (source or destination), status, instance_uuid,
migration_type, source_compute, project_id; from 2.59 limit, marker (a
migration uuid) and changes-since, from 2.66 changes-before.

As in Nova, a project's manager lists the migrations of its own project by
asking for them (?project_id=its id) and sees no host names; the
administrator sees every project's, with hosts.
"""
from __future__ import annotations

from onestack.api.openstack import base, params, timestamps
from onestack.common import exceptions
from onestack.compute import api as compute_api
from onestack.db import migrations_log

RULE = "os_compute_api:os-migrations:index"
SERVER_RULE = "os_compute_api:servers:migrations:%s"
FILTERS = ("host", "status", "instance_uuid", "migration_type", "source_compute",
           "project_id")
HOST_FIELDS = ("source_compute", "source_node", "dest_compute", "dest_node",
               "dest_host")


def view(req, row, for_server: bool = False, with_hosts: bool = True) -> dict:
    body = {"id": row.id, "status": row.status, "instance_uuid": row.instance_uuid,
            "source_node": row.source_node, "source_compute": row.source_compute,
            "dest_node": row.dest_node, "dest_compute": row.dest_compute,
            "dest_host": row.dest_host, "created_at": timestamps.precise(row.created_at),
            "updated_at": timestamps.precise(row.updated_at)}
    if for_server:
        body.update({"server_uuid": body.pop("instance_uuid"),
                     "memory_total_bytes": None, "memory_processed_bytes": None,
                     "memory_remaining_bytes": None, "disk_total_bytes": None,
                     "disk_processed_bytes": None, "disk_remaining_bytes": None})
    else:
        body.update(old_instance_type_id=row.old_flavor_id,
                    new_instance_type_id=row.new_flavor_id)
        if base.at_least(req, "2.23"):
            body["migration_type"] = row.migration_type
            if row.migration_type == "live-migration" and \
                    row.status not in migrations_log.FINAL:
                body["links"] = base.link(
                    req, f"/servers/{row.instance_uuid}/migrations/{row.id}")
    if base.at_least(req, "2.59"):
        body["uuid"] = row.uuid
    if base.at_least(req, "2.80") and not for_server:
        body.update(user_id=row.user_id, project_id=row.project_id)
    if not with_hosts:
        body.update(dict.fromkeys(HOST_FIELDS))
    return body


class Migrations(base.Resource):
    def on_get(self, req, resp):
        ctx = req.context.ctx
        own = {"project_id": ctx.project_id}
        self.authorize(req, RULE, own)
        filters = {name: params.last(req, name) for name in FILTERS}
        if filters["project_id"] != ctx.project_id:
            self.authorize(req, RULE + ":all_projects", own)
        with_hosts = self.allows(req, RULE + ":host", own)
        limit = marker = since = before = None
        if base.at_least(req, "2.59"):
            params.non_negative_int(req, "limit")
            params.single(req, "marker")
            limit, marker = base.limit_and_marker(req)
            since = params.timestamp(req, "changes-since")
        if base.at_least(req, "2.66"):
            before = params.timestamp(req, "changes-before")
            if since and before and before < since:
                raise exceptions.BadRequest("The value of changes-since must be less "
                                            "than or equal to changes-before.")
        rows = migrations_log.list_(filters, limit, marker, since, before)
        body = {"migrations": [view(req, row, with_hosts=with_hosts) for row in rows]}
        if limit is not None:
            links = base.next_links(req, "/os-migrations",
                                    [row.uuid for row in rows], limit)
            if links:
                body["migrations_links"] = links
        resp.media = body


def _live_in_progress(instance_uuid: str) -> list:
    return [row for row in migrations_log.list_({"instance_uuid": instance_uuid,
                                                  "migration_type": "live-migration"})
            if row.status not in migrations_log.FINAL]


class ServerMigrations(base.Resource):
    def on_get(self, req, resp, server_id):
        if not base.at_least(req, "2.23"):
            raise exceptions.NotFound("The resource could not be found.")
        instance = compute_api.get(req.context.ctx, server_id)
        target = {"project_id": instance.project_id}
        self.authorize(req, SERVER_RULE % "index", target)
        with_hosts = self.allows(req, SERVER_RULE % "index:host", target)
        resp.media = {"migrations": [view(req, row, True, with_hosts)
                                     for row in _live_in_progress(instance.uuid)]}


class ServerMigration(base.Resource):
    def on_get(self, req, resp, server_id, migration_id):
        if not base.at_least(req, "2.23"):
            raise exceptions.NotFound("The resource could not be found.")
        instance = compute_api.get(req.context.ctx, server_id)
        self.authorize(req, SERVER_RULE % "show", {"project_id": instance.project_id})
        for row in _live_in_progress(instance.uuid):
            if str(row.id) == migration_id:
                resp.media = {"migration": view(req, row, for_server=True)}
                return
        raise exceptions.NotFound(f"In-progress live migration {migration_id} is not "
                                  f"found for server {server_id}.")


ROUTES = (
    ("/os-migrations", lambda conf: Migrations(conf)),
    ("/servers/{server_id}/migrations", lambda conf: ServerMigrations(conf)),
    ("/servers/{server_id}/migrations/{migration_id}",
     lambda conf: ServerMigration(conf)),
)
