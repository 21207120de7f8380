"""Host states and placement requests for the scheduler's tests, in memory;
compute hosts and booting instances recorded in the database."""
import collections
import json

from onestack.common.context import RequestContext
from onestack.compute import rpcapi as compute_rpcapi
from onestack.db import compute_nodes, instance_actions, instances, services
from onestack.scheduler.host_state import COMPUTE_BINARY, HostState, Resources
from onestack.scheduler.request import PlacementRequest

_node_ids = iter(range(1, 1_000_000))
CTX = RequestContext(user_id="u1", project_id="p1", roles=["member"])


def host(name="h1", node=None, node_id=None, vcpus=8, memory_mb=16384, local_gb=100,
         **values) -> HostState:
    return HostState(host=name, node_id=node_id or next(_node_ids),
                     hypervisor_hostname=node or name, vcpus=vcpus,
                     memory_mb=memory_mb, local_gb=local_gb, **values)


def request(vcpus=1, memory_mb=512, disk_gb=1, ratios=None, **values) -> PlacementRequest:
    group_hosts = collections.Counter(values.pop("group_hosts", {}))
    return PlacementRequest(resources=Resources(vcpus, memory_mb, disk_gb),
                            ratios=ratios or compute_nodes.Ratios(),
                            group_hosts=group_hosts, **values)


def add_compute_host(name, vcpus=4, memory_mb=8192, local_gb=100, **service_values):
    service = services.register(name, COMPUTE_BINARY, "compute", compute_rpcapi.VERSION)
    if service_values:
        services.update(service.id, **service_values)
    return compute_nodes.report(name, name, {"vcpus": vcpus, "memory_mb": memory_mb,
                                             "local_gb": local_gb,
                                             "hypervisor_type": "fake"})


FLAVOR = {"flavorid": "1", "name": "m1.small", "vcpus": 1, "memory_mb": 2048,
          "root_gb": 10, "ephemeral_gb": 0, "swap": 0}


def boot(conf, count=1, zone=None, flavor=FLAVOR):
    """Records count instances as compute.api does: quota used, action started."""
    rows = [{"display_name": f"vm-{i}", "project_id": "p1", "user_id": "u1",
             "flavor": json.dumps(flavor), "memory_mb": flavor["memory_mb"],
             "vcpus": flavor["vcpus"], "root_gb": flavor["root_gb"],
             "vm_state": "building", "task_state": "scheduling",
             "availability_zone": zone, "reservation_id": "r-1", "launch_index": i}
            for i in range(count)]
    uuids = [row.uuid for row in instances.create_many(conf, "p1", rows, {}, [])]
    for uuid in uuids:
        instance_actions.start(CTX, uuid, "create")
    return uuids


def spec(**values):
    return {"project_id": "p1", "user_id": "u1", "flavor": FLAVOR, "image": None,
            "availability_zone": None, "force_host": None, "force_node": None,
            "group": None, "num_instances": 1, **values}
