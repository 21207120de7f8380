"""onestack-compute's manager: the RPC methods, each dispatching to compute/ops."""
from __future__ import annotations

import threading

# First: onestack.rpc selects oslo.service's threading backend, which must
# happen before anything imports oslo_messaging.
from onestack import rpc  # noqa: F401  # isort: skip

import oslo_messaging as messaging

from onestack import virt
from onestack.compute.ops import build, lifecycle, migrate, periodic, snapshot
from onestack.db import compute_nodes
from onestack.service import Manager


class ComputeManager(Manager):
    topic = "compute"
    target = messaging.Target(version="1.2")  # see compute/rpcapi.py

    def __init__(self, conf, host: str):
        super().__init__(conf, host)
        self.driver = virt.load(conf, host)
        self.build_slots = threading.BoundedSemaphore(conf.max_concurrent_builds)

    def node_by_id(self, node_id: int):
        return compute_nodes.get(node_id)

    # --- lifecycle of the service ---
    def init_host(self):
        periodic.recover_instances(self)
        periodic.report_resources(self)

    def periodic_tasks(self):
        return [(self.conf.resource_report_interval, self.report_resources),
                (self.conf.sync_power_state_interval, self.sync_power_states),
                (max(self.conf.reclaim_instance_interval // 2, 1)
                 if self.conf.reclaim_instance_interval else 60,
                 self.reclaim_soft_deleted)] + \
            ([(self.conf.image_cache_manager_interval, self.clean_image_cache)]
             if self.conf.image_cache_manager_interval else [])

    def clean_image_cache(self):
        periodic.clean_image_cache(self)

    def report_resources(self):
        periodic.report_resources(self)

    def sync_power_states(self):
        periodic.sync_power_states(self)

    def reclaim_soft_deleted(self):
        periodic.reclaim_soft_deleted(self)

    # --- RPC methods (see compute/rpcapi.py) ---
    def build_instance(self, ctx, instance_uuid, node_id, request_spec, admin_password):
        build.build_instance(self, ctx, instance_uuid, admin_password)

    def run_action(self, ctx, instance_uuid, action, arguments=None):
        # arguments: sent (always empty) by 1.0 clients
        lifecycle.run_action(self, ctx, instance_uuid, action)

    def inject_network_info(self, ctx, instance_uuid):
        lifecycle.inject_network_info(self, ctx, instance_uuid)

    def terminate_instance(self, ctx, instance_uuid):
        lifecycle.terminate_instance(self, ctx, instance_uuid)

    def rebuild_instance(self, ctx, instance_uuid, image_ref, admin_password,
                         evacuate=False, node_id=None):
        lifecycle.rebuild_instance(self, ctx, instance_uuid, image_ref, admin_password,
                                   evacuate, node_id)

    def snapshot_instance(self, ctx, instance_uuid, image_id):
        snapshot.snapshot_instance(self, ctx, instance_uuid, image_id)

    def backup_instance(self, ctx, instance_uuid, image_id, backup_type, rotation):
        snapshot.backup_instance(self, ctx, instance_uuid, image_id, backup_type,
                                 rotation)

    def set_admin_password(self, ctx, instance_uuid, password):
        lifecycle.set_admin_password(self, ctx, instance_uuid, password)

    def get_console_output(self, ctx, instance_uuid, length):
        return lifecycle.get_console_output(self, ctx, instance_uuid, length)

    def external_instance_events(self, ctx, events):
        lifecycle.external_instance_events(self, ctx, events)

    def get_diagnostics(self, ctx, instance_uuid):
        return self.driver.get_diagnostics(instance_uuid)

    def migrate_instance(self, ctx, instance_uuid, dest_host, dest_node_id, live):
        migrate.migrate_instance(self, ctx, instance_uuid, dest_host, dest_node_id, live)

    def finish_migration(self, ctx, instance_uuid, data, live):
        migrate.finish_migration(self, ctx, instance_uuid, data, live)

    def confirm_resize(self, ctx, instance_uuid):
        migrate.confirm_resize(self, ctx, instance_uuid)

    def revert_resize(self, ctx, instance_uuid):
        migrate.revert_resize(self, ctx, instance_uuid)

    def get_host_uptime(self, ctx):
        return self.driver.host_uptime()

    def finish_revert(self, ctx, instance_uuid, data):
        migrate.finish_revert(self, ctx, instance_uuid, data)
