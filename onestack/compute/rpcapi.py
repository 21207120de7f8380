"""RPC to onestack-compute on one host: typed methods, dicts on the wire.

Versions (ComputeManager.target says which one a host accepts):
    1.0  the first
    1.1  run_action takes no `arguments` (it took an always empty dict)
    1.2  inject_network_info
Messages go at 1.0 unless a method needs a newer form; a method whose form
changed sends the newest its client may (client.can_send_version), so hosts
not yet upgraded get the form they know. Bump VERSION and the manager's
target together, and note the change here.
"""
from onestack import rpc

TOPIC = "compute"
VERSION = "1.2"


def _client(host: str, timeout=None):
    return rpc.get_client(TOPIC, server=host, timeout=timeout,
                          version_cap=rpc.version_cap(TOPIC, VERSION))


def build_instance(ctx, host, instance_uuid, node_id, request_spec, admin_password):
    _client(host).cast(ctx, "build_instance", instance_uuid=instance_uuid,
                       node_id=node_id, request_spec=request_spec,
                       admin_password=admin_password)


def run_action(ctx, host, instance_uuid, action):
    """Cast a lifecycle action (reboot_soft, reboot_hard, stop, start, pause,
    unpause, suspend, resume, soft_delete, restore) to the instance's host."""
    client = _client(host)
    if client.can_send_version("1.1"):
        client.prepare(version="1.1").cast(ctx, "run_action",
                                           instance_uuid=instance_uuid, action=action)
    else:
        client.cast(ctx, "run_action", instance_uuid=instance_uuid, action=action,
                    arguments={})


def can_inject_network_info(host) -> bool:
    """False while hosts older than 1.2 are about (inject_network_info would
    not be sent)."""
    return _client(host).can_send_version("1.2")


def inject_network_info(ctx, host, instance_uuid):
    """Have the host apply the instance's network settings in the guest again."""
    _client(host).prepare(version="1.2").cast(ctx, "inject_network_info",
                                              instance_uuid=instance_uuid)


def terminate_instance(ctx, host, instance_uuid):
    _client(host).cast(ctx, "terminate_instance", instance_uuid=instance_uuid)


def rebuild_instance(ctx, host, instance_uuid, image_ref, admin_password,
                     evacuate=False, node_id=None):
    _client(host).cast(ctx, "rebuild_instance", instance_uuid=instance_uuid,
                       image_ref=image_ref, admin_password=admin_password,
                       evacuate=evacuate, node_id=node_id)


def snapshot_instance(ctx, host, instance_uuid, image_id):
    _client(host).cast(ctx, "snapshot_instance", instance_uuid=instance_uuid,
                       image_id=image_id)


def backup_instance(ctx, host, instance_uuid, image_id, backup_type, rotation):
    _client(host).cast(ctx, "backup_instance", instance_uuid=instance_uuid,
                       image_id=image_id, backup_type=backup_type, rotation=rotation)


def set_admin_password(ctx, host, instance_uuid, password):
    _client(host, timeout=60).call(ctx, "set_admin_password",
                                   instance_uuid=instance_uuid, password=password)


def get_console_output(ctx, host, instance_uuid, length):
    return _client(host, timeout=30).call(ctx, "get_console_output",
                                          instance_uuid=instance_uuid, length=length)


def external_instance_events(ctx, host, events):
    _client(host).cast(ctx, "external_instance_events", events=events)


def get_diagnostics(ctx, host, instance_uuid):
    return _client(host, timeout=30).call(ctx, "get_diagnostics",
                                          instance_uuid=instance_uuid)


def migrate_instance(ctx, host, instance_uuid, dest_host, dest_node_id, live):
    """Move the instance from host (its source) to dest_host, whose resources
    the scheduler has claimed. A cold migration or resize waits for confirmation."""
    _client(host).cast(ctx, "migrate_instance", instance_uuid=instance_uuid,
                       dest_host=dest_host, dest_node_id=dest_node_id, live=live)


def finish_migration(ctx, host, instance_uuid, data, live):
    _client(host).cast(ctx, "finish_migration", instance_uuid=instance_uuid,
                       data=data, live=live)


def confirm_resize(ctx, host, instance_uuid):
    _client(host).cast(ctx, "confirm_resize", instance_uuid=instance_uuid)


def revert_resize(ctx, host, instance_uuid):
    _client(host).cast(ctx, "revert_resize", instance_uuid=instance_uuid)


def finish_revert(ctx, host, instance_uuid, data):
    _client(host).cast(ctx, "finish_revert", instance_uuid=instance_uuid, data=data)


def get_host_uptime(ctx, host) -> str:
    return _client(host, timeout=30).call(ctx, "get_host_uptime")
