"""/servers: list, detail, show, create, update, delete."""
from __future__ import annotations

import base64
import binascii
import datetime
import ipaddress

import falcon

from onestack import policy
from onestack.api.openstack import base, server_views
from onestack.api.openstack.schemas import servers as schemas
from onestack.common import exceptions
from onestack.compute import actions as compute_actions
from onestack.compute import api as compute_api
from onestack.compute import disk_config
from onestack.compute import instance_changes
from onestack.compute import states
from onestack.db import flavors, instances, keypairs, server_groups
from onestack.network import api as network_api
from onestack.wsgi import validation

RULE = "os_compute_api:servers:"


def _parse_time(value: str, name: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise exceptions.BadRequest(f"Invalid {name} value: {value}")
    if parsed.tzinfo:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return parsed


def list_filters(req, conf, detailed: bool) -> tuple[dict, bool]:
    """The query's filters, and whether all projects were asked for (admin)."""
    ctx = req.context.ctx
    is_admin = ctx.is_admin
    filters: dict = {}
    all_tenants = req.get_param("all_tenants") is not None and \
        base.bool_param(req.get_param("all_tenants") or "true")
    if all_tenants:
        policy.authorize(conf, ctx, RULE + ("detail" if detailed else "index")
                         + ":get_all_tenants", {"project_id": ctx.project_id})
    # as Nova: a project filter counts only with all_tenants; without it the
    # listing is the caller's project, for an admin too
    project = req.get_param("project_id") or req.get_param("tenant_id")
    if not all_tenants:
        filters["project_id"] = ctx.project_id
    elif project:
        filters["project_id"] = project
    if req.get_param("name"):
        filters["name"] = req.get_param("name")
    if req.get_param("status"):
        vms, tasks = states.vm_states_for_status(req.get_param("status"))
        filters["vm_states"] = vms or ["no-such-state"]
        if tasks:
            filters["task_states"] = tasks
    for param, key in (("image", "image_ref"), ("flavor", "flavor_id"),
                       ("reservation_id", "reservation_id"), ("key_name", "key_name"),
                       ("availability_zone", "availability_zone"),
                       ("user_id", "user_id")):
        if req.get_param(param):
            filters[key] = req.get_param(param).rsplit("/", 1)[-1]
    if is_admin:
        for param in ("host", "node"):
            if req.get_param(param):
                filters[param] = req.get_param(param)
    for param, key in (("changes-since", "changes_since"),
                       ("changes-before", "changes_before")):
        if req.get_param(param):
            filters[key] = _parse_time(req.get_param(param), param)
    if req.get_param("locked") is not None:
        filters["locked"] = base.bool_param(req.get_param("locked"))
    if req.get_param("tags"):
        filters["tags"] = req.get_param("tags").split(",")
    if req.get_param("tags-any"):
        filters["tags_any"] = req.get_param("tags-any").split(",")
    if req.get_param("ip6"):
        filters["uuids"] = []  # no network here has IPv6 addresses
    elif req.get_param("ip"):
        filters["uuids"] = sorted(network_api.instances_with_address(
            instances.name_pattern(req.get_param("ip"), "ip").search))
    return filters, all_tenants


def _sort(req) -> tuple[list[str], list[str]]:
    keys = req.get_param_as_list("sort_key") or ["created_at"]
    dirs = req.get_param_as_list("sort_dir") or []
    for key in keys:
        if key not in instances.SORT_KEYS:
            raise exceptions.BadRequest(f"Invalid sort_key: {key}")
    for direction in dirs:
        if direction not in ("asc", "desc"):
            raise exceptions.BadRequest(f"Invalid sort_dir: {direction}")
    dirs = dirs + ["desc"] * (len(keys) - len(dirs))
    return keys, dirs


class Servers(base.Resource):
    def _list(self, req, resp, detailed: bool):
        self.authorize(req, RULE + ("detail" if detailed else "index"))
        filters, _ = list_filters(req, self.conf, detailed)
        keys, dirs = _sort(req)
        limit, marker = base.limit_and_marker(req)
        deleted = req.get_param("deleted") is not None and \
            base.bool_param(req.get_param("deleted")) and \
            req.context.ctx.is_admin
        rows = instances.list_(req.context.ctx, filters, keys, dirs, limit, marker,
                               read_deleted=deleted)
        if deleted:
            rows = [r for r in rows if r.deleted]
        items = server_views.details(req, self.conf, rows) if detailed \
            else [server_views.summary(req, r) for r in rows]
        body = {"servers": items}
        links = base.next_links(req, "/servers/detail" if detailed else "/servers",
                                [item["id"] for item in items], limit)
        if links:
            body["servers_links"] = links
        resp.media = body

    def on_get(self, req, resp):
        self._list(req, resp, detailed=False)

    def on_post(self, req, resp):
        document = validation.read_valid_json(req, schemas.CREATE)
        self.authorize(req, RULE + "create")
        request = self._create_request(req, document)
        created, reservation_id, password = compute_api.create(
            self.conf, req.context.ctx, request)
        resp.status = falcon.HTTP_202
        if base.bool_param(document["server"].get("return_reservation_id", False)):
            resp.media = {"reservation_id": reservation_id}
            return
        first = created[0]
        resp.set_header("Location", base.ROOT.href(req, f"/servers/{first.uuid}"))
        resp.media = {"server": {
            "id": first.uuid, "links": base.link(req, f"/servers/{first.uuid}"),
            "OS-DCF:diskConfig": disk_config.to_api(first.auto_disk_config),
            "adminPass": password,
            "security_groups": [{"name": n} for n in request["security_groups"]]}}

    def _create_request(self, req, document) -> dict:
        ctx = req.context.ctx
        server = document["server"]
        if base.at_least(req, "2.37") and "networks" not in server:
            raise exceptions.BadRequest("Invalid input for field/attribute server. "
                                        "'networks' is a required property")
        user_data = _checked_user_data(server.get("user_data"))
        min_count = int(server.get("min_count", 1))
        max_count = int(server.get("max_count", min_count))
        if min_count > max_count:
            raise exceptions.BadRequest("min_count must be <= max_count")
        if any(bdm.get("destination_type") == "volume" or
               bdm.get("source_type") in ("volume", "snapshot")
               for bdm in server.get("block_device_mapping_v2") or []):
            raise exceptions.BadRequest("Block devices from volumes are not available: "
                                        "this cloud has no volume service yet.")
        image_ref = server.get("imageRef") or _image_from_bdm(server)
        try:
            flavor = flavors.get_flavor_for_boot(
                ctx.project_id, str(server["flavorRef"]).rsplit("/", 1)[-1],
                ctx.is_admin)
        except exceptions.NotFound as error:
            raise exceptions.BadRequest(error.message)
        key_pair = _key_pair_for_boot(ctx, server.get("key_name"))
        hints = document.get("os:scheduler_hints") or \
            document.get("OS-SCH-HNT:scheduler_hints") or {}
        group_hint = hints.get("group")
        if isinstance(group_hint, list):  # the schema allows a list of uuids, as Nova's
            group_hint = group_hint[0] if group_hint else None
        group = _group_for_boot(self.conf, ctx, group_hint, max_count)
        zone = server.get("availability_zone")
        if server.get("host") or server.get("hypervisor_hostname"):
            zone = f"{zone or ''}:{server.get('host') or ''}:" \
                   f"{server.get('hypervisor_hostname') or ''}"
        if image_ref:
            image_ref = image_ref.rsplit("/", 1)[-1]
        return {
            "name": server["name"], "flavor": flavor, "image_ref": image_ref,
            "key_pair": key_pair, "user_data": user_data,
            "metadata": server.get("metadata") or {}, "availability_zone": zone,
            "min_count": min_count, "max_count": max_count,
            "admin_password": server.get("adminPass"),
            "security_groups": [g.get("name", "default") for g in
                                server.get("security_groups") or [{"name": "default"}]],
            "networks": server.get("networks"),
            "block_device_mapping": server.get("block_device_mapping_v2") or [],
            "config_drive": base.bool_param(server.get("config_drive", False)),
            "description": server.get("description"), "group": group,
            "tags": server.get("tags") or [],
            "access_ip_v4": canonical_ip(server.get("accessIPv4")),
            "access_ip_v6": canonical_ip(server.get("accessIPv6")),
            "auto_disk_config": disk_config.from_api(server.get("OS-DCF:diskConfig")),
        }


def canonical_ip(value: str | None) -> str | None:
    """An address as Nova stores it: IPv6 in its compressed form."""
    return str(ipaddress.ip_address(value)) if value else value


def _image_from_bdm(server) -> str | None:
    """`openstack server create --image X` sends the image as the boot device."""
    for bdm in server.get("block_device_mapping_v2") or []:
        if bdm.get("source_type") == "image" and \
                bdm.get("destination_type", "local") == "local" and \
                str(bdm.get("boot_index", "0")) == "0":
            return bdm.get("uuid")
    return None


class ServersDetail(Servers):
    def on_get(self, req, resp):
        self._list(req, resp, detailed=True)

    on_post = None


class Server(base.Resource):
    def _instance(self, req, server_id, rule):
        instance = compute_api.get(req.context.ctx, server_id)
        self.authorize(req, RULE + rule, {"project_id": instance.project_id,
                                          "user_id": instance.user_id})
        return instance

    def on_get(self, req, resp, server_id):
        instance = self._instance(req, server_id, "show")
        resp.media = {"server": server_views.details(req, self.conf, [instance],
                                                     show=True)[0]}

    def on_put(self, req, resp, server_id):
        document = validation.read_valid_json(req, schemas.UPDATE)
        instance = self._instance(req, server_id, "update")
        server = document["server"]
        if "description" in server and not base.at_least(req, "2.19"):
            raise exceptions.BadRequest("description is available from microversion 2.19.")
        values = {}
        if "name" in server:
            values["display_name"] = server["name"]
        if "description" in server:
            values["display_description"] = server["description"]
        for key, column in (("accessIPv4", "access_ip_v4"), ("accessIPv6", "access_ip_v6")):
            if key in server:
                values[column] = canonical_ip(server[key])
        if "OS-DCF:diskConfig" in server:
            values["auto_disk_config"] = disk_config.from_api(
                server["OS-DCF:diskConfig"])
        if values:
            instance = instances.update(instance.uuid, **values)
            instance_changes.changed(req.context.ctx, instance.uuid)
        resp.media = {"server": server_views.basic(req, self.conf, instance)}

    def on_delete(self, req, resp, server_id):
        instance = self._instance(req, server_id, "delete")
        compute_actions.delete(self.conf, req.context.ctx, instance)
        resp.status = falcon.HTTP_204


def _checked_user_data(user_data: str | None) -> str | None:
    if user_data is not None:
        try:
            base64.b64decode(user_data, validate=True)
        except (binascii.Error, ValueError):
            raise exceptions.BadRequest("User data needs to be valid base 64.")
    return user_data


def _key_pair_for_boot(ctx, key_name: str | None) -> dict | None:
    if not key_name:
        return None
    try:
        key_pair = keypairs.get_keypair(ctx.user_id, key_name)
    except exceptions.NotFound:
        raise exceptions.BadRequest(f"Invalid key_name provided: {key_name}")
    return {"name": key_pair.name, "public_key": key_pair.public_key}


def _group_for_boot(conf, ctx, group_uuid: str | None, max_count: int) -> dict | None:
    """The server group of the scheduler hint, with room for max_count more.
    Another project's group is one that does not exist (400, as Nova)."""
    if not group_uuid:
        return None
    try:
        row = server_groups.get_group(group_uuid, ctx)
    except exceptions.NotFound as error:
        raise exceptions.BadRequest(error.message)
    server_groups.check_room(conf, row.uuid, max_count)
    return {"uuid": row.uuid, "policy": row.policy, "rules": server_groups.rules_of(row)}


ROUTES = (
    ("/servers", Servers),
    ("/servers/detail", ServersDetail),
    ("/servers/{server_id}", Server),
)
