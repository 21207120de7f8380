"""/os-aggregates: host aggregates, for the admin; an aggregate with an
availability_zone puts its hosts in that zone.

A host joins only aggregates of one zone (409 otherwise), and a change that
would move a host holding instances to another zone is refused, as Nova
refuses it; an aggregate with hosts cannot be deleted (400).
"""
from __future__ import annotations

from onestack.api.openstack import base, timestamps
from onestack.api.openstack.flavor_access import action_of
from onestack.api.openstack.policies import aggregates as policies
from onestack.api.openstack.schemas import aggregates as schemas
from onestack.common import exceptions
from onestack.compute.availability_zones import COMPUTE_BINARY
from onestack.db import aggregates as aggregate_db
from onestack.db import services as service_db, usage
from onestack.wsgi import validation

MOVE_REFUSED = (
    "The host cannot be {verb} the aggregate as the availability zone of the host "
    "would change from '{old}' to '{new}' but the host already has {count} "
    "instance(s). Changing the AZ of an existing instance is not supported by "
    "this action. Move the instances away from this host then try again. If you "
    "need to move the instances between AZs then you can use shelve_offload and "
    "unshelve to achieve this.")


def view(req, aggregate, members: bool = True) -> dict:
    body = {"availability_zone": aggregate.availability_zone,
            "created_at": timestamps.precise(aggregate.created_at),
            "deleted": False, "deleted_at": None, "id": aggregate.id,
            "name": aggregate.name,
            "updated_at": timestamps.precise(aggregate.updated_at)}
    if members:
        body["hosts"] = aggregate.hosts
        body["metadata"] = aggregate.metadata
    if base.at_least(req, "2.41"):
        body["uuid"] = aggregate.uuid
    return body


def aggregate_id_of(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise exceptions.BadRequest("Invalid input received: id must be an integer")


def other_zones(aggregate, host: str) -> set[str]:
    """Zones the host has from aggregates other than this one."""
    return {other.availability_zone for other in aggregate_db.list_()
            if other.id != aggregate.id and host in other.hosts
            and other.availability_zone}


def refuse_zone_change_with_instances(aggregate, metadata: dict) -> None:
    """A new zone for hosts that run instances is a 400."""
    zone = metadata.get(aggregate_db.AZ_KEY)
    if not zone or zone == aggregate.availability_zone:
        return
    if any(usage.count_on_host(host) for host in aggregate.hosts):
        raise exceptions.BadRequest(
            f"Cannot update aggregate {aggregate.id}. Reason: One or more hosts "
            "contain instances in this zone.")


class Aggregates(base.Resource):
    """GET and POST /os-aggregates."""

    def on_get(self, req, resp):
        self.authorize(req, policies.BASE % "index", {})
        resp.media = {"aggregates": [view(req, a) for a in aggregate_db.list_()]}

    def on_post(self, req, resp):
        self.authorize(req, policies.BASE % "create", {})
        body = validation.read_valid_json(req, schemas.create)["aggregate"]
        aggregate = aggregate_db.create(body["name"], body.get("availability_zone"))
        resp.media = {"aggregate": view(req, aggregate, members=False)}


class Aggregate(base.Resource):
    """GET, PUT and DELETE /os-aggregates/{aggregate_id}."""

    def on_get(self, req, resp, aggregate_id):
        self.authorize(req, policies.BASE % "show", {})
        resp.media = {"aggregate": view(req, aggregate_db.get(
            aggregate_id_of(aggregate_id)))}

    def on_put(self, req, resp, aggregate_id):
        self.authorize(req, policies.BASE % "update", {})
        number = aggregate_id_of(aggregate_id)
        body = validation.read_valid_json(req, schemas.update)["aggregate"]
        zone = body.get("availability_zone")
        if zone is not None:
            refuse_zone_change_with_instances(aggregate_db.get(number),
                                              {aggregate_db.AZ_KEY: zone})
        aggregate = aggregate_db.update(number, name=body.get("name"),
                                        availability_zone=zone)
        resp.media = {"aggregate": view(req, aggregate)}

    def on_delete(self, req, resp, aggregate_id):
        self.authorize(req, policies.BASE % "delete", {})
        aggregate_db.delete_(aggregate_id_of(aggregate_id))


class AggregateAction(base.Resource):
    """POST /os-aggregates/{aggregate_id}/action: add_host, remove_host,
    set_metadata."""

    def on_post(self, req, resp, aggregate_id):
        document = validation.read_json(req)
        action = action_of(document)
        handler = {"add_host": self._add_host, "remove_host": self._remove_host,
                   "set_metadata": self._set_metadata}.get(action)
        if handler is None:
            raise exceptions.BadRequest(f"There is no such action: {action}")
        self.authorize(req, policies.BASE % action, {})
        validation.validate(getattr(schemas, action), document)
        number = aggregate_id_of(aggregate_id)
        resp.media = {"aggregate": view(req, handler(number, document[action]))}

    @staticmethod
    def _add_host(number: int, value: dict):
        host = value["host"]
        try:
            service_db.get_by_host_binary(host, COMPUTE_BINARY)
        except exceptions.NotFound:
            raise exceptions.NotFound(f"Compute host {host} could not be found.")
        aggregate = aggregate_db.get(number)
        new = aggregate.availability_zone
        old = ",".join(sorted(other_zones(aggregate, host))) or None
        count = usage.count_on_host(host)
        if new and old != new and count:
            raise exceptions.Conflict(
                f"Cannot add host to aggregate {number}. Reason: " +
                MOVE_REFUSED.format(verb="added to", old=old, new=new, count=count)
                + ".")
        return aggregate_db.add_host(number, host)

    @staticmethod
    def _remove_host(number: int, value: dict):
        host = value["host"]
        missing = exceptions.NotFound(f"Cannot remove host {host} in aggregate {number}")
        aggregate = aggregate_db.get(number)
        if host not in aggregate.hosts:
            raise missing
        current = aggregate.availability_zone
        new = ",".join(sorted(other_zones(aggregate, host))) or None
        count = usage.count_on_host(host)
        if current and current != new and count:
            raise exceptions.Conflict(
                f"Cannot remove host from aggregate {number}. Reason: " +
                MOVE_REFUSED.format(verb="removed from", old=current, new=new,
                                    count=count) + ".")
        try:
            return aggregate_db.remove_host(number, host)
        except exceptions.NotFound:
            raise missing

    @staticmethod
    def _set_metadata(number: int, value: dict):
        metadata = value["metadata"]
        refuse_zone_change_with_instances(aggregate_db.get(number), metadata)
        return aggregate_db.set_metadata(number, metadata)


ROUTES = (
    ("/os-aggregates", lambda conf: Aggregates(conf)),
    ("/os-aggregates/{aggregate_id}", lambda conf: Aggregate(conf)),
    ("/os-aggregates/{aggregate_id}/action", lambda conf: AggregateAction(conf)),
)
