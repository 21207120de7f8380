"""The scheduler service's manager: the RPC methods of onestack-scheduler.

schedule_and_build places each instance of a boot (filter, weigh, claim),
records its host and casts its build to that host; an instance that fits
nowhere goes to ERROR with a fault saying why, and its quota goes back.
select_destination chooses and claims a host for a moving instance.
"""
from __future__ import annotations

import collections

# First: onestack.rpc selects oslo.service's threading backend, which must
# happen before anything imports oslo_messaging.
from onestack import rpc  # noqa: F401  # isort: skip

import oslo_messaging as messaging
from oslo_log import log as logging

from onestack.common import exceptions
from onestack.compute import availability_zones
from onestack.compute import rpcapi as compute_rpcapi
from onestack.compute.states import TaskState, VmState
from onestack.db import instance_actions, instances, server_groups
from onestack.scheduler import host_state
from onestack.scheduler.errors import NoValidHost
from onestack.scheduler.request import PlacementRequest
from onestack.scheduler.selection import Selector, forced_hosts
from onestack.service import Manager

LOG = logging.getLogger(__name__)

SCHEDULE_EVENT = "schedule_instances"
# times a boot into a hard server group chooses again after a concurrent boot
# into the same group took the chosen host first
GROUP_RETRIES = 3


class _InstanceGone(Exception):
    """The instance was deleted, or left task_state scheduling, meanwhile."""


def read_request(conf, request_spec: dict) -> PlacementRequest:
    """The request_spec as a PlacementRequest, with the hosts of its
    availability zone and of its server group's members read (a query each)."""
    request = PlacementRequest.from_spec(request_spec, host_state.ratios_of(conf))
    if request.availability_zone:
        request.zone_hosts = frozenset(
            availability_zones.hosts_in_zone(conf, request.availability_zone))
    if request.group_uuid:
        request.group_hosts = group_hosts(request.group_uuid)
    return request


def group_hosts(group_uuid: str) -> collections.Counter:
    """host -> how many of the group's members are placed there."""
    hosts = collections.Counter(server_groups.members_hosts(group_uuid))
    del hosts[None]  # members not placed yet
    return hosts


class SchedulerManager(Manager):
    topic = "scheduler"
    target = messaging.Target(version="1.1")  # see scheduler/rpcapi.py

    def __init__(self, conf, host: str):
        super().__init__(conf, host)
        self.selector = Selector(conf)

    # --- RPC methods ------------------------------------------------------------

    def schedule_and_build(self, ctx, instance_uuids: list[str], request_spec: dict,
                           admin_passwords: dict[str, str]) -> None:
        """For each instance in order: choose and claim a host, record it on
        the instance and cast build_instance to it."""
        try:
            hosts = host_state.load(self.conf)
            request = read_request(self.conf, request_spec)
        except Exception as exc:
            LOG.exception("Could not read the hosts to schedule %s", instance_uuids)
            for uuid in instance_uuids:
                self._fail_quietly(uuid, exc)
            return
        for uuid in instance_uuids:
            try:
                self._schedule_one(ctx, uuid, hosts, request, request_spec,
                                   (admin_passwords or {}).get(uuid))
            except Exception as exc:  # one instance's trouble must not strand the rest
                LOG.exception("Scheduling instance %s failed", uuid)
                self._fail_quietly(uuid, exc)

    @messaging.expected_exceptions(NoValidHost)  # the caller's answer, not our fault
    def select_destination(self, ctx, request_spec: dict, consumer_uuid: str,
                           exclude_hosts=(), force_host: str | None = None) -> dict:
        """Choose and claim a host for a moving instance, never one of
        exclude_hosts; a forced host must still be up and fit the flavor.
        Returns {"host", "node_id", "hypervisor_hostname"}; NoValidHost if
        nothing fits."""
        request = read_request(self.conf, request_spec)
        request.force_host = request.force_node = None  # a move forces by argument
        excluded = set(exclude_hosts or ())
        hosts = [state for state in host_state.load(self.conf)
                 if state.host not in excluded]
        host_filters = None
        if force_host:
            hosts = forced_hosts(hosts, force_host, None)
            if not hosts:
                raise NoValidHost(f"Host {force_host} is not a compute host or may "
                                  "not be chosen.")
            host_filters = self.selector.forced_destination_filters
        state = self.selector.place(hosts, request, consumer_uuid, host_filters)
        return {"host": state.host, "node_id": state.node_id,
                "hypervisor_hostname": state.hypervisor_hostname}

    # --- one instance of a boot -------------------------------------------------

    def _schedule_one(self, ctx, uuid, hosts, request, request_spec, admin_password):
        try:
            instance = instances.get(uuid)
        except exceptions.NotFound:
            LOG.info("Instance %s was deleted before it was scheduled", uuid)
            return
        if instance.task_state != TaskState.SCHEDULING.value:
            LOG.info("Instance %s is no longer scheduling (task_state %s): skipped",
                     uuid, instance.task_state)
            return
        event_id = self._start_event(uuid)
        state = None
        try:
            state = self._place(instance, hosts, request)
            compute_rpcapi.build_instance(ctx, state.host, uuid, state.node_id,
                                          request_spec, admin_password)
        except _InstanceGone as exc:
            LOG.info("Instance %s went away while scheduled: %s", uuid, exc)
            self._finish_event(event_id, exc)
            return
        except Exception as exc:
            if state is not None:
                self.selector.release(state, request, uuid)
            self._fail(uuid, exc, event_id)
            return
        LOG.info("Instance %s placed on %s (%s)", uuid, state.host,
                 state.hypervisor_hostname)
        self._finish_event(event_id, None)

    def _place(self, instance, hosts, request):
        """Choose, claim and record a host; a claim whose recording fails is
        released. Decisions for one server group may run concurrently (other
        boots, other schedulers): the recording checks the group's hard policy
        under a lock, and on a conflict we choose again with the members as
        they are placed now."""
        for attempt in range(1, GROUP_RETRIES + 1):
            state = self.selector.place(hosts, request, instance.uuid)
            try:
                self._record_placement(instance, state, request)
                return state
            except server_groups.PolicyViolation as exc:
                self.selector.release(state, request, instance.uuid)
                LOG.info("Choosing again for %s (attempt %d): %s", instance.uuid,
                         attempt, exc.message)
                request.group_hosts = group_hosts(request.group_uuid)
            except BaseException:
                self.selector.release(state, request, instance.uuid)
                raise
        raise NoValidHost(f"Concurrent boots into server group {request.group_uuid} "
                          "took every host chosen.")

    def _record_placement(self, instance, state, request) -> None:
        zone = instance.availability_zone or availability_zones.zone_of_host(
            self.conf, state.host)
        try:
            instances.update(instance.uuid,
                             expected_task_state=TaskState.SCHEDULING,
                             host=state.host, node=state.hypervisor_hostname,
                             availability_zone=zone)
        except (exceptions.NotFound, exceptions.Conflict) as exc:
            raise _InstanceGone(str(exc)) from exc
        if request.group_uuid:
            hard = request.group_policy in ("affinity", "anti-affinity")
            server_groups.add_member(request.group_uuid, instance.uuid, conf=self.conf,
                                     host=state.host if hard else None)

    # --- failures ---------------------------------------------------------------

    def _fail(self, uuid: str, error: Exception, event_id: int | None) -> None:
        """ERROR with a fault saying why, no host (any claim was released),
        quota given back, the event closed."""
        if isinstance(error, exceptions.OnestackError):
            message = error.message
        else:
            message = str(error) or type(error).__name__
        details = getattr(error, "details", None)
        instances.add_fault(uuid, 500, message, details, None)
        try:
            instances.update(uuid, expected_task_state=TaskState.SCHEDULING,
                             vm_state=VmState.ERROR, task_state=None,
                             host=None, node=None)
        except (exceptions.NotFound, exceptions.Conflict):
            LOG.info("Instance %s went away before it could go to ERROR", uuid)
        else:
            instances.release_quota(uuid)
        self._finish_event(event_id, error)

    def _fail_quietly(self, uuid: str, error: Exception) -> None:
        """_fail, when even that may fail (the database is away): log it."""
        try:
            self._fail(uuid, error, self._start_event(uuid))
        except Exception:
            LOG.exception("Could not put instance %s into ERROR", uuid)

    # --- the instance action's event --------------------------------------------

    def _start_event(self, uuid: str) -> int | None:
        actions = instance_actions.list_for_instance(uuid)
        if not actions:
            return None
        return instance_actions.event_start(actions[0].id, SCHEDULE_EVENT, self.host)

    @staticmethod
    def _finish_event(event_id: int | None, error: BaseException | None) -> None:
        if event_id is not None:
            instance_actions.event_finish(event_id, error)
