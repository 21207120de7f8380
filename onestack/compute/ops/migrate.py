"""Moving an instance between hosts: cold migration and resize (confirmed or
reverted later), and live migration. The scheduler has claimed the target."""
from __future__ import annotations

import dataclasses
import json

from oslo_log import log as logging

from onestack.compute import image_cache
from onestack.compute import rpcapi as compute_rpcapi
from onestack.compute import states
from onestack.compute.ops import common
from onestack.db import allocations, instances, migrations_log, quotas

LOG = logging.getLogger(__name__)
V, T, P = states.VmState, states.TaskState, states.PowerState


def migrate_instance(host, ctx, instance_uuid, dest_host, dest_node_id, live):
    """On the source: hand the instance over to dest_host."""
    instance = instances.get(instance_uuid)
    try:
        with common.event(ctx, instance_uuid, "compute_migrate_out", host.host):
            data = host.driver.migrate_out(instance_uuid, live)
    except Exception as error:
        _abort(host, instance, error, dest_host, dest_node_id)
        return
    data.update(dest_node_id=dest_node_id, source_host=host.host,
                source_node=instance.node,
                power_on=instance.power_state == P.RUNNING)
    migrations_log.set_status(instance_uuid, "running" if live else "migrating")
    if not live:
        instances.update(instance_uuid, task_state=T.RESIZE_MIGRATING)
    compute_rpcapi.finish_migration(ctx, dest_host, instance_uuid, data, live)


def give_back_destination(node_ids: list[int], instance_uuid: str) -> None:
    """A move that did not happen: the claim on the destination's nodes goes
    back, and the instance holds its source again."""
    migration = migrations_log.current(instance_uuid)
    allocations.release(instance_uuid, node_ids)
    if migration is not None:
        allocations.move(migration.uuid, instance_uuid)


def give_back_source(instance_uuid: str) -> None:
    """A move that happened: the source's allocation, which its migration
    held meanwhile, goes back."""
    migration = migrations_log.current(instance_uuid)
    if migration is not None:
        allocations.release(migration.uuid)


def _abort(host, instance, error, dest_host, dest_node_id):
    LOG.warning("Migration of %s failed: %s", instance.uuid, error)
    common.record_fault(instance.uuid, error, host.host)
    give_back_destination([dest_node_id], instance.uuid)
    migrations_log.set_status(instance.uuid, "failed" if instance.task_state ==
                              T.MIGRATING.value else "error")
    _give_back_resize_quota(instance)
    instances.update(instance.uuid, task_state=None, migration_host=None,
                     new_flavor=None)


def finish_migration(host, ctx, instance_uuid, data, live):
    """On the destination: take the instance over."""
    instance = instances.get(instance_uuid)
    target = _target_flavor(instance)
    node = host.node_by_id(data["dest_node_id"])
    spec = common.spec_for(instance)
    if instance.new_flavor:
        spec = _resized(spec, target)
    try:
        with common.event(ctx, instance_uuid, "compute_finish_migration", host.host):
            spec = image_cache.with_image(host, ctx, spec)
            host.driver.migrate_in(spec, data, power_on=data["power_on"])
    except Exception as error:
        common.record_fault(instance_uuid, error, host.host)
        give_back_destination([node.id], instance_uuid)
        migrations_log.set_status(instance_uuid, "failed" if live else "error")
        instances.update(instance_uuid, vm_state=V.ERROR, task_state=None,
                         migration_host=None)
        return
    values = {"host": host.host, "node": node.hypervisor_hostname, "task_state": None}
    if live:
        give_back_source(instance_uuid)
        values["migration_host"] = None
    else:
        values.update(vm_state=V.RESIZED, migration_host=data["source_host"],
                      old_flavor=json.dumps({**common.flavor_of(instance),
                                             "node": data["source_node"]}))
        if instance.new_flavor:
            values.update(flavor=instance.new_flavor, new_flavor=None,
                          vcpus=target["vcpus"], memory_mb=target["memory_mb"],
                          root_gb=target["root_gb"],
                          ephemeral_gb=target.get("ephemeral_gb") or 0)
    instances.update(instance_uuid, **values)
    migrations_log.set_status(instance_uuid, "completed" if live else "finished")


def confirm_resize(host, ctx, instance_uuid):
    """On the destination: the move stays; the source's claim goes back."""
    instance = instances.get(instance_uuid)
    give_back_source(instance_uuid)
    instances.update(instance_uuid, vm_state=_settled_vm_state(instance),
                     task_state=None, migration_host=None, old_flavor=None)
    migrations_log.set_status(instance_uuid, "confirmed")


def revert_resize(host, ctx, instance_uuid):
    """On the destination: hand the instance back to its source."""
    instance = instances.get(instance_uuid)
    data = host.driver.migrate_out(instance_uuid, live=False)
    allocations.release(instance_uuid, common.host_node_ids(host))
    compute_rpcapi.finish_revert(ctx, instance.migration_host, instance_uuid, data)


def finish_revert(host, ctx, instance_uuid, data):
    """On the source: take the instance back with its old flavor."""
    instance = instances.get(instance_uuid)
    old = json.loads(instance.old_flavor)
    spec = image_cache.with_image(host, ctx, _resized(common.spec_for(instance), old))
    host.driver.migrate_in(spec, data, power_on=instance.power_state == P.RUNNING)
    migration = migrations_log.current(instance_uuid)
    if migration is not None:
        allocations.move(migration.uuid, instance_uuid)
    _give_back_resize_quota(instance, reverting=True)
    instances.update(instance_uuid, host=host.host, node=old.get("node"),
                     flavor=json.dumps({k: v for k, v in old.items() if k != "node"}),
                     vcpus=old["vcpus"], memory_mb=old["memory_mb"],
                     root_gb=old["root_gb"], ephemeral_gb=old.get("ephemeral_gb") or 0,
                     vm_state=_settled_vm_state(instance), task_state=None,
                     migration_host=None, old_flavor=None)
    migrations_log.set_status(instance_uuid, "reverted")


def _settled_vm_state(instance):
    return V.ACTIVE if instance.power_state == P.RUNNING else V.STOPPED


def _target_flavor(instance) -> dict:
    return json.loads(instance.new_flavor) if instance.new_flavor \
        else common.flavor_of(instance)


def _give_back_resize_quota(instance, reverting: bool = False) -> None:
    """A resize took the growth of cores and RAM from the quota up front."""
    if not reverting and not instance.new_flavor:
        return
    new = json.loads(instance.new_flavor) if instance.new_flavor \
        else common.flavor_of(instance)
    old = common.flavor_of(instance) if instance.new_flavor \
        else json.loads(instance.old_flavor)
    deltas = {"cores": max(new["vcpus"] - old["vcpus"], 0),
              "ram": max(new["memory_mb"] - old["memory_mb"], 0)}
    if any(deltas.values()):
        with quotas.releasing(instance.project_id, deltas):
            pass


def _resized(spec, flavor):
    return dataclasses.replace(spec, vcpus=flavor["vcpus"], memory_mb=flavor["memory_mb"],
                               root_gb=flavor["root_gb"],
                               ephemeral_gb=flavor.get("ephemeral_gb") or 0)
