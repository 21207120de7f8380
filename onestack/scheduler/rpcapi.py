"""RPC to onestack-scheduler: typed methods, dicts on the wire.

request_spec (a dict) says what to place:
    project_id, user_id,
    flavor: {flavorid, name, vcpus, memory_mb, root_gb, ephemeral_gb, swap},
    image: {id, name, min_disk, min_ram, ...} or None,
    availability_zone: a zone name or None,
    force_host, force_node: the admin's `zone:host:node` forcing, or None,
    group: {uuid, policy, rules} of the server group to honour, or None,
    num_instances.

Versions (SchedulerManager.target says which one a scheduler accepts):
    1.0  the first
    1.1  select_destination allocates to a consumer_uuid (allocations are
         rows keyed by their consumer); a 1.0 scheduler cannot, so moves wait
         until the schedulers are upgraded (they come first, as in Nova)
A client sends at most the oldest running scheduler's version (see
compute/rpcapi.py for how a method sends an older form).
"""
from onestack import rpc
from onestack.common import exceptions

TOPIC = "scheduler"
VERSION = "1.1"


def _client(timeout=None):
    return rpc.get_client(TOPIC, timeout=timeout,
                          version_cap=rpc.version_cap(TOPIC, VERSION))


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
    client = _client(timeout=60)
    if not client.can_send_version("1.1"):
        raise exceptions.Conflict("Moving servers needs every onestack-scheduler at "
                                  "RPC version 1.1: upgrade the schedulers first.")
    return client.prepare(version="1.1").call(
        ctx, "select_destination", request_spec=request_spec,
        exclude_hosts=list(exclude_hosts), force_host=force_host,
        consumer_uuid=consumer_uuid)
