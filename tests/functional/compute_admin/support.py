"""Fixture data the APIs under test read but cannot create yet: instances
(rows inserted directly), compute hosts (a service record and a node through
the repositories), allocations on their nodes and instance actions (through
their repositories)."""
from __future__ import annotations

import datetime
import json
import uuid

from sqlalchemy import delete

from onestack.common import exceptions
from onestack.common.context import RequestContext
from onestack.compute import rpcapi as compute_rpcapi
from onestack.db import allocations, compute_nodes, instance_actions, models, services
from onestack.db.engine import transaction
from tests.support.compute_http import Compute, fault  # noqa: F401  (re-exported)

COMPUTE = "onestack-compute"


def name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args)


class Fixtures:
    """Creates rows and removes them all at the end of a test."""

    def __init__(self):
        self.instances: list[str] = []
        self.services: list[int] = []
        self.nodes: list[int] = []
        self.consumers: list[str] = []

    def host(self, resources: dict | None = None, used: dict | None = None,
             disabled: bool = False, heartbeat: bool = True):
        """A compute host: its service record and one node. The node offers
        almost nothing (unless told otherwise), so no scheduler picks it."""
        host = name("cahost")
        service = services.register(host, COMPUTE, "compute", compute_rpcapi.VERSION)
        # no process heartbeats for it: a heartbeat an hour ahead keeps it up
        # for the test however slow the machine; without one it is down
        last_seen = models.utcnow() + datetime.timedelta(hours=1) if heartbeat else None
        services.update(service.id, disabled=disabled, last_seen_up=last_seen,
                        disabled_reason="test host" if disabled else None)
        self.services.append(service.id)
        node = compute_nodes.report(host, f"{host}.node", {
            "hypervisor_type": "fake", "hypervisor_version": 1000,
            "host_ip": "192.0.2.10", "cpu_info": json.dumps({"arch": "x86_64"}),
            "vcpus": 1, "memory_mb": 1, "local_gb": 0, **(resources or {}),
            **(used or {})})
        self.nodes.append(node.id)
        return host, services.get_by_host_binary(host, COMPUTE), node

    def allocation(self, node, vcpus: int, memory_mb: int, disk_gb: int,
                   consumer_uuid: str | None = None) -> str:
        """Claims the amounts on the node for a consumer (a new one unless
        given), as the scheduler claims for an instance or a migration."""
        consumer_uuid = consumer_uuid or str(uuid.uuid4())
        assert allocations.claim(consumer_uuid, node.id, compute_nodes.Resources(
            vcpus, memory_mb, disk_gb), compute_nodes.Ratios())
        self.consumers.append(consumer_uuid)
        return consumer_uuid

    def instance(self, project_id: str, launched_at=None, terminated_at=None,
                 deleted: bool = False, host: str | None = None,
                 flavor: dict | None = None, vm_state: str = "active",
                 display_name: str | None = None) -> models.Instance:
        flavor = flavor or {"name": "m1.tiny", "flavorid": "1", "vcpus": 1,
                            "memory_mb": 512, "root_gb": 1, "ephemeral_gb": 0}
        row = models.Instance(
            uuid=str(uuid.uuid4()), display_name=display_name or name("vm"),
            project_id=project_id, user_id="fixture-user", flavor=json.dumps(flavor),
            memory_mb=flavor["memory_mb"], vcpus=flavor["vcpus"],
            root_gb=flavor["root_gb"], ephemeral_gb=flavor["ephemeral_gb"],
            vm_state="deleted" if deleted else vm_state, host=host,
            node=f"{host}.node" if host else None, reservation_id=name("r"),
            launched_at=launched_at, terminated_at=terminated_at,
            deleted=deleted, deleted_at=terminated_at if deleted else None)
        with transaction() as session:
            session.add(row)
        self.instances.append(row.uuid)
        return row

    @staticmethod
    def action(instance: models.Instance, action: str, project_id: str | None = None,
               events=(), request_id: str | None = None) -> str:
        """Records an action with events [(name, host, error or None)]; its request id."""
        ctx = RequestContext(user_id="fixture-user",
                             project_id=project_id or instance.project_id,
                             request_id=request_id or f"req-{uuid.uuid4()}")
        action_id = instance_actions.start(ctx, instance.uuid, action)
        for event, host, error in events:
            event_id = instance_actions.event_start(action_id, event, host)
            instance_actions.event_finish(event_id, error)
        instance_actions.finish(action_id)
        return ctx.request_id

    def cleanup(self):
        with transaction() as session:
            if self.instances:
                session.execute(delete(models.Instance).where(
                    models.Instance.uuid.in_(self.instances)))
        allocations.release(self.consumers)
        for node_id in self.nodes:
            compute_nodes.delete(node_id)
        for service_id in self.services:
            try:
                services.delete(service_id)
            except exceptions.NotFound:  # the test itself deleted it
                pass


def failing(message: str) -> BaseException:
    """An exception with a traceback, as a failed event records it."""
    try:
        raise RuntimeError(message)
    except RuntimeError as exc:
        return exc
