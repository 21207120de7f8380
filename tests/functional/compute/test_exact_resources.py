"""Resources counted exactly once, seen through the API as users see them: a
delete during the build, a failed spawn, an unreachable scheduler and
per-user quotas leave the hypervisor's usage and the quotas exact."""
import concurrent.futures
import uuid

import pytest

from onestack.db import allocations, compute_nodes, instance_actions, instances, quotas
from onestack.scheduler import rpcapi as scheduler_rpcapi
from onestack.virt import fake
from tests.functional.compute.conftest import wait_gone, wait_status
from tests.support.processes import wait_for


@pytest.fixture
def faults():
    fake.reset()
    yield fake
    fake.reset()


def _boot(sdk, image_id, name, **extra):
    flavor = sdk.compute.find_flavor("m1.tiny")
    body = {"server": {"name": name, "imageRef": image_id, "flavorRef": flavor.id,
                       "networks": "none", **extra}}
    return sdk.compute.post("/servers", json=body, raise_exc=False,
                            microversion="2.79")


def _hypervisor_usage(cloud):
    """(vcpus_used, memory_mb_used, running_vms) of the all-in-one's hypervisor,
    as `openstack hypervisor show` gives them."""
    hypervisors = cloud.sdk().compute.get("/os-hypervisors/detail",
                                          microversion="2.27").json()["hypervisors"]
    mine = [h for h in hypervisors if h["service"]["host"] == cloud.conf.host]
    return [(h["vcpus_used"], h["memory_mb_used"], h["running_vms"]) for h in mine]


def _counters_match_allocations():
    for node in compute_nodes.list_():
        held = [a for a in allocations.of_consumers(_all_consumers())
                if a.node_id == node.id]
        assert (node.vcpus_used, node.memory_mb_used, node.running_vms) == \
            (sum(a.vcpus for a in held), sum(a.memory_mb for a in held), len(held))


def _all_consumers():
    from sqlalchemy import select
    from onestack.db import models
    from onestack.db.engine import reader
    with reader() as session:
        return list(session.scalars(select(models.Allocation.consumer_uuid)))


def _build_event(server_id):
    create = instance_actions.list_for_instance(server_id)[-1]
    _, events = instance_actions.get_by_request_id(server_id, create.request_id)
    return next((e for e in events if e.event == "compute_build_and_run_instance"), None)


def test_delete_during_the_build_gives_the_claim_back_once(cloud, image_id, tenant,
                                                             faults):
    sdk, project = tenant
    settled = _hypervisor_usage(cloud)
    faults.DELAYS["spawn"] = 1.0
    reply = _boot(sdk, image_id, "slow")
    assert reply.status_code == 202
    server_id = reply.json()["server"]["id"]
    wait_for(lambda: instances.get(server_id).task_state == "spawning", timeout=30,
             interval=0.02, what="the build to start spawning")
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)
    # the build's spawn ends after the delete, which its final step notices
    wait_for(lambda: getattr(_build_event(server_id), "finish_time", None), timeout=30,
             interval=0.05, what="the build's spawn to end")
    wait_for(lambda: not any(server_id in guests for guests in fake._HOSTS.values()),
             timeout=30, interval=0.05, what="the late guest to be torn down")
    assert allocations.of_consumers(server_id) == []
    assert _hypervisor_usage(cloud) == settled
    assert quotas.usages(project.id)["instances"] == 0
    _counters_match_allocations()


def test_a_failed_spawn_shows_its_fault_and_holds_no_host(cloud, image_id, tenant,
                                                          faults):
    sdk, project = tenant
    settled = _hypervisor_usage(cloud)
    faults.fail_step("spawn", "the simulated hypervisor refused to start it")
    server_id = _boot(sdk, image_id, "doomed").json()["server"]["id"]
    server = wait_status(sdk, server_id, "ERROR")
    assert server.fault["message"] == "the simulated hypervisor refused to start it"
    assert _hypervisor_usage(cloud) == settled
    assert quotas.usages(project.id)["instances"] == 1   # until it is deleted
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)
    # the project's default security group, made at its first boot, stays
    assert quotas.usages(project.id) == {"instances": 0, "cores": 0, "ram": 0,
                                         "security_groups": 1}


def test_an_unreachable_scheduler_leaves_an_error_and_no_quota(cloud, image_id, tenant,
                                                               monkeypatch):
    sdk, project = tenant

    def unreachable(*args, **kwargs):
        raise ConnectionError("the message bus is down")

    monkeypatch.setattr(scheduler_rpcapi, "schedule_and_build", unreachable)
    reply = _boot(sdk, image_id, "orphan")
    assert reply.status_code == 202
    server = sdk.compute.get_server(reply.json()["server"]["id"])
    assert server.status == "ERROR"
    assert "The scheduler could not be reached" in server.fault["message"]
    assert quotas.usages(project.id)["instances"] == 0
    monkeypatch.undo()
    sdk.compute.delete_server(server)
    wait_gone(sdk, server.id)
    assert quotas.usages(project.id)["instances"] == 0


def _second_user(cloud, project):
    admin = cloud.sdk()
    name = "u-" + uuid.uuid4().hex[:8]
    user = admin.identity.create_user(name=name, password="pw", domain_id="default",
                                      default_project_id=project.id)
    admin.identity.assign_project_role_to_user(project, user,
                                               admin.identity.find_role("member"))
    return user, cloud.sdk(name, "pw", project.name)


def test_per_user_quotas_are_enforced(cloud, image_id, tenant):
    sdk, project = tenant
    limited, limited_sdk = _second_user(cloud, project)
    admin = cloud.sdk()
    reply = admin.compute.put(f"/os-quota-sets/{project.id}?user_id={limited.id}",
                              json={"quota_set": {"instances": 0}})
    assert reply.status_code == 200
    refused = _boot(limited_sdk, image_id, "not-mine")
    assert refused.status_code == 403
    assert "Quota exceeded for instances: Requested 1, but already used 0 of 0 " \
           "instances" in refused.json()["forbidden"]["message"]
    # the project's other user is not limited by it
    allowed = _boot(sdk, image_id, "mine")
    assert allowed.status_code == 202
    server_id = allowed.json()["server"]["id"]
    wait_status(sdk, server_id, "ACTIVE")
    detail = admin.compute.get(f"/os-quota-sets/{project.id}/detail"
                               f"?user_id={limited.id}").json()["quota_set"]
    assert detail["instances"] == {"limit": 0, "in_use": 0, "reserved": 0}
    assert admin.compute.get(f"/os-quota-sets/{project.id}/detail").json()[
        "quota_set"]["instances"]["in_use"] == 1
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)


def test_per_user_quota_holds_under_parallel_boots(cloud, image_id, tenant):
    sdk, project = tenant
    limited, limited_sdk = _second_user(cloud, project)
    cloud.sdk().compute.put(f"/os-quota-sets/{project.id}?user_id={limited.id}",
                            json={"quota_set": {"instances": 2}})
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda i: _boot(limited_sdk, image_id, f"p{i}"),
                                range(8)))
    assert sorted(r.status_code for r in replies) == [202] * 2 + [403] * 6
    servers = [r.json()["server"]["id"] for r in replies if r.status_code == 202]
    for server_id in servers:
        wait_status(sdk, server_id, "ACTIVE")
        limited_sdk.compute.delete_server(server_id)
    for server_id in servers:
        wait_gone(sdk, server_id)
    assert quotas.usages(project.id)["instances"] == 0
