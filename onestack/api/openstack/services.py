"""/os-services: the services of the cloud, their state, and enabling them.

Our binaries are onestack-compute, onestack-scheduler, ...; the compute API
shows them as Nova does (nova-compute, nova-scheduler), because clients and
scripts select services by those names (`openstack compute service set HOST
nova-compute`, Horizon, Tempest). Requests may use either name;
`onestack-manage service list` shows the real ones.
"""
from __future__ import annotations

import uuid as uuid_module

from onestack.api.openstack import base, params, timestamps
from onestack.api.openstack.schemas import services as schemas
from onestack.common import exceptions
from onestack.compute import availability_zones
from onestack.db import aggregates, compute_nodes, services as service_db, usage
from onestack.wsgi import validation

COMPUTE = "onestack-compute"
RULE = "os_compute_api:os-services:%s"
OLD_ACTIONS = ("enable", "disable", "disable-log-reason", "force-down")


def real_binary(name: str) -> str:
    """onestack-X for Nova's nova-X; other names unchanged."""
    if name.startswith("nova-"):
        return "onestack-" + name[len("nova-"):]
    return name


def nova_binary(name: str) -> str:
    """nova-X for our onestack-X, as the compute API shows it."""
    if name.startswith("onestack-"):
        return "nova-" + name[len("onestack-"):]
    return name


def is_uuid(text: str) -> bool:
    try:
        uuid_module.UUID(text)
    except ValueError:
        return False
    return True


def view(conf, req, row, zone: str | None = None) -> dict:
    """A service as Nova shows it; `zone` if the caller looked it up already."""
    if zone is None:
        zone = availability_zones.zones_of_services(conf, [row])[row.id]
    detail = {
        "id": row.uuid if base.at_least(req, "2.53") else row.id,
        "binary": nova_binary(row.binary),
        "host": row.host,
        "zone": zone,
        "status": "disabled" if row.disabled else "enabled",
        "state": "up" if service_db.is_up(row, conf.service_down_time) else "down",
        "updated_at": timestamps.precise(row.last_seen_up or row.updated_at
                                         or row.created_at),
        "disabled_reason": row.disabled_reason,
    }
    if base.at_least(req, "2.11"):
        detail["forced_down"] = bool(row.forced_down)
    return detail


def to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return value.strip().lower() in ("true", "1", "on", "yes")


class Services(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, RULE % "list", {})
        if base.at_least(req, "2.75"):
            params.reject_unknown(req, ("host", "binary"))
        host = params.last(req, "host")
        binary = params.last(req, "binary")
        rows = service_db.list_(host=host or None,
                                binary=real_binary(binary) if binary else None)
        zones = availability_zones.zones_of_services(self.conf, rows)
        resp.media = {"services": [view(self.conf, req, row, zones[row.id])
                                   for row in rows]}


class Service(base.Resource):
    def on_put(self, req, resp, service_id):
        self.authorize(req, RULE % "update", {})
        if base.at_least(req, "2.53"):
            row = self._update_by_uuid(req, service_id)
            resp.media = {"service": view(self.conf, req, row)}
        else:
            resp.media = self._update_by_action(req, service_id)

    def _update_by_action(self, req, action: str) -> dict:
        allowed = OLD_ACTIONS if base.at_least(req, "2.11") else OLD_ACTIONS[:3]
        if action not in allowed:
            raise exceptions.NotFound("Unknown action")
        schema = schemas.update_v211 if base.at_least(req, "2.11") else schemas.update
        body = validation.read_valid_json(req, schema)
        host, binary = body["host"], real_binary(body["binary"])
        if action == "force-down":
            if "forced_down" not in body:
                raise exceptions.BadRequest("Missing forced_down field")
            forced_down = to_bool(body["forced_down"])
            self._update_compute(host, binary, forced_down=forced_down)
            return {"service": {"host": host, "binary": nova_binary(binary),
                                "forced_down": forced_down}}
        reason = None
        if action == "disable-log-reason":
            if "disabled_reason" not in body:
                raise exceptions.BadRequest("Missing disabled reason field")
            reason = body["disabled_reason"]
        disabled = action != "enable"
        self._update_compute(host, binary, disabled=disabled, disabled_reason=reason)
        result = {"host": host, "binary": nova_binary(binary),
                  "status": "disabled" if disabled else "enabled"}
        if reason:
            result["disabled_reason"] = reason
        return {"service": result}

    @staticmethod
    def _update_compute(host: str, binary: str, **values) -> None:
        if binary != COMPUTE:
            raise exceptions.BadRequest(
                f"Updating a {nova_binary(binary)} service is not supported. "
                "Only nova-compute services can be updated.")
        try:
            row = service_db.get_by_host_binary(host, binary)
        except exceptions.NotFound:
            raise exceptions.NotFound(
                f"Compute host {host} with binary {nova_binary(binary)} could not "
                "be found.")
        service_db.update(row.id, **values)

    def _update_by_uuid(self, req, service_id: str):
        if not is_uuid(service_id):
            raise exceptions.BadRequest(f"Invalid uuid {service_id}")
        body = validation.read_valid_json(req, schemas.update_v253)
        row = self._get(service_id, by_uuid=True)
        if row.binary != COMPUTE:
            raise exceptions.BadRequest(
                f"Updating a {nova_binary(row.binary)} service is not supported. "
                "Only nova-compute services can be updated.")
        values = {}
        if body.get("status") == "enabled":
            if body.get("disabled_reason"):
                raise exceptions.BadRequest("Specifying 'disabled_reason' with "
                                            "status 'enabled' is invalid.")
            values.update(disabled=False, disabled_reason=None)
        elif body.get("status") == "disabled":
            values.update(disabled=True, disabled_reason=body.get("disabled_reason"))
        if "forced_down" in body:
            values["forced_down"] = to_bool(body["forced_down"])
        if not values:
            raise exceptions.BadRequest("No updates were requested. Fields 'status' "
                                        "or 'forced_down' should be specified.")
        return service_db.update(row.id, **values)

    def on_delete(self, req, resp, service_id):
        self.authorize(req, RULE % "delete", {})
        if base.at_least(req, "2.53"):
            if not is_uuid(service_id):
                raise exceptions.BadRequest(f"Invalid uuid {service_id}")
        elif not service_id.isdigit():
            raise exceptions.BadRequest(
                f"Invalid input received: id must be an integer, not {service_id!r}.")
        row = self._get(service_id, by_uuid=base.at_least(req, "2.53"))
        if row.binary == COMPUTE:
            if usage.count_on_host(row.host):
                raise exceptions.Conflict(
                    "Unable to delete compute service that is hosting instances. "
                    "Migrate or delete the instances first.")
            self._forget_host(row.host)
        service_db.delete(row.id)
        resp.status = 204

    @staticmethod
    def _forget_host(host: str) -> None:
        """What a compute host leaves behind: its aggregate memberships and
        nodes. Each step is idempotent, and the service record goes last, so a
        failed delete can simply be retried."""
        for aggregate in aggregates.list_():
            if host in aggregate.hosts:
                try:
                    aggregates.remove_host(aggregate.id, host)
                except exceptions.NotFound:  # removed meanwhile
                    pass
        for node in compute_nodes.list_(host):
            compute_nodes.delete(node.id)

    @staticmethod
    def _get(service_id: str, by_uuid: bool):
        for row in service_db.list_():
            if service_id == (row.uuid if by_uuid else str(row.id)):
                return row
        raise exceptions.NotFound(f"Service {service_id} not found.")


ROUTES = (
    ("/os-services", lambda conf: Services(conf)),
    ("/os-services/{service_id}", lambda conf: Service(conf)),
)
