"""RPC to onestack-scheduler: typed methods, dicts on the wire.

request_spec (a dict) says what to place:
    project_id, user_id,
    flavor: {flavorid, name, vcpus, memory_mb, root_gb, ephemeral_gb, swap},
    image: {id, name, min_disk, min_ram, ...} or None,
    availability_zone: a zone name or None,
    force_host, force_node: the admin's `zone:host:node` forcing, or None,
    group: {uuid, policy, rules} of the server group to honour, or None,
    num_instances.
"""
from onestack import rpc

TOPIC = "scheduler"
VERSION = "1.0"


def _client(timeout=None):
    return rpc.get_client(TOPIC, version=VERSION, timeout=timeout)


def schedule_and_build(ctx, instance_uuids: list[str], request_spec: dict,
                       admin_passwords: dict[str, str]) -> None:
    """Place each instance, claim its resources and cast its build to the host;
    an instance that fits nowhere goes to ERROR with the reasons as its fault."""
    _client().cast(ctx, "schedule_and_build", instance_uuids=instance_uuids,
                   request_spec=request_spec, admin_passwords=admin_passwords)


def select_destination(ctx, request_spec: dict, consumer_uuid: str,
                       exclude_hosts: list[str] = (),
                       force_host: str | None = None) -> dict:
    """Choose a host for a moving instance and allocate its resources there
    to consumer_uuid (the instance); returns {"host", "node_id",
    "hypervisor_hostname"}. NoValidHost (a BadRequest) when none fits."""
    return _client(timeout=60).call(ctx, "select_destination",
                                    request_spec=request_spec,
                                    exclude_hosts=list(exclude_hosts),
                                    force_host=force_host, consumer_uuid=consumer_uuid)
