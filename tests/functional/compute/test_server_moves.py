"""Resize, cold and live migration between two in-process hosts; rebuild,
password, lock, reset, soft delete; and recovery after a compute restart."""
import pytest

from onestack.common.context import RequestContext
from onestack.compute.manager import ComputeManager
from onestack.compute.ops import periodic
from onestack.db import compute_nodes, instances, services
from onestack.service import Service
from onestack.virt.driver import PowerState
from tests.functional.compute.conftest import wait_gone, wait_status
from tests.support.processes import wait_for


@pytest.fixture(scope="module")
def second_host(cloud):
    service = Service(cloud.conf, "onestack-compute", ComputeManager(cloud.conf, "host-b"))
    service.start()
    yield "host-b"
    service.stop()
    # within service_down_time it would still look up to the scheduler
    services.update(service.record_id, disabled=True, forced_down=True)
    for node in compute_nodes.list_("host-b"):
        compute_nodes.delete(node.id)


@pytest.fixture
def server(cloud, image_id, second_host):
    sdk = cloud.sdk()
    reply = sdk.compute.post("/servers", microversion="2.79", json={"server": {
        "name": "mover", "imageRef": image_id, "flavorRef": "1", "networks": "none"}})
    server_id = reply.json()["server"]["id"]
    wait_status(sdk, server_id, "ACTIVE")
    yield sdk, server_id
    if sdk.compute.find_server(server_id, ignore_missing=True):
        sdk.compute.delete_server(server_id)
        wait_gone(sdk, server_id)


def _show(sdk, server_id):
    return sdk.compute.get(f"/servers/{server_id}", microversion="2.79").json()["server"]


def _action(sdk, server_id, body, status=202):
    reply = sdk.compute.post(f"/servers/{server_id}/action", json=body,
                             microversion="2.79", raise_exc=False)
    assert reply.status_code == status, reply.text
    return reply


def _settled(sdk, server_id, status):
    return wait_for(lambda: (lambda s: s if s["status"] == status and
                             s["OS-EXT-STS:task_state"] is None else None)(
        _show(sdk, server_id)), what=f"{server_id} to settle in {status}")


def _used_mb(host):
    return sum(node.memory_mb_used for node in compute_nodes.list_(host))


def test_resize_confirm_and_revert(server):
    sdk, server_id = server
    source = _show(sdk, server_id)["OS-EXT-SRV-ATTR:host"]
    _action(sdk, server_id, {"resize": {"flavorRef": "2"}})
    resized = _settled(sdk, server_id, "VERIFY_RESIZE")
    assert resized["OS-EXT-SRV-ATTR:host"] != source
    assert resized["flavor"]["original_name"] == "m1.small"
    _action(sdk, server_id, {"revertResize": None})
    reverted = _settled(sdk, server_id, "ACTIVE")
    assert reverted["OS-EXT-SRV-ATTR:host"] == source
    assert reverted["flavor"]["original_name"] == "m1.tiny"

    _action(sdk, server_id, {"resize": {"flavorRef": "2"}})
    _settled(sdk, server_id, "VERIFY_RESIZE")
    _action(sdk, server_id, {"confirmResize": None}, status=204)
    confirmed = _settled(sdk, server_id, "ACTIVE")
    assert confirmed["flavor"]["original_name"] == "m1.small"
    _action(sdk, server_id, {"confirmResize": None}, status=409)


def test_cold_and_live_migration(server):
    sdk, server_id = server
    source = _show(sdk, server_id)["OS-EXT-SRV-ATTR:host"]
    _action(sdk, server_id, {"migrate": None})
    _settled(sdk, server_id, "VERIFY_RESIZE")
    _action(sdk, server_id, {"confirmResize": None}, status=204)
    moved = _settled(sdk, server_id, "ACTIVE")["OS-EXT-SRV-ATTR:host"]
    assert moved != source
    _action(sdk, server_id, {"os-migrateLive": {"host": source, "block_migration": "auto"}})
    assert _settled(sdk, server_id, "ACTIVE")["OS-EXT-SRV-ATTR:host"] == source
    events = [a["action"] for a in sdk.compute.get(
        f"/servers/{server_id}/os-instance-actions").json()["instanceActions"]]
    assert events[:3] == ["live-migration", "confirmResize", "migrate"]


def test_rebuild_password_lock_and_reset(server, image_id):
    sdk, server_id = server
    reply = _action(sdk, server_id, {"rebuild": {"imageRef": image_id, "name": "rebuilt"}})
    assert reply.json()["server"]["adminPass"]
    assert _settled(sdk, server_id, "ACTIVE")["name"] == "rebuilt"
    _action(sdk, server_id, {"changePassword": {"adminPass": "n3w-pass"}})
    _action(sdk, server_id, {"lock": None})
    assert _show(sdk, server_id)["locked"] is True
    _action(sdk, server_id, {"os-resetState": {"state": "error"}})
    assert _show(sdk, server_id)["status"] == "ERROR"
    _action(sdk, server_id, {"os-resetState": {"state": "active"}})
    _action(sdk, server_id, {"unlock": None})
    assert _show(sdk, server_id)["locked"] is False


def test_soft_delete_restore_and_force_delete(cloud, server):
    sdk, server_id = server
    cloud.conf.set_override("reclaim_instance_interval", 3600)
    try:
        sdk.compute.delete_server(server_id)
        _settled(sdk, server_id, "SOFT_DELETED")
        _action(sdk, server_id, {"restore": None})
        _settled(sdk, server_id, "ACTIVE")
        sdk.compute.delete_server(server_id)
        _settled(sdk, server_id, "SOFT_DELETED")
        _action(sdk, server_id, {"forceDelete": None})
        wait_gone(sdk, server_id)
    finally:
        cloud.conf.clear_override("reclaim_instance_interval")


def test_recovery_after_a_restart_mid_operation(cloud, image_id, second_host):
    sdk = cloud.sdk()
    manager = next(item.manager for item in cloud.started
                   if getattr(item, "binary", "") == "onestack-compute")
    reply = sdk.compute.post("/servers", microversion="2.79", json={"server": {
        "name": "recover", "imageRef": image_id, "flavorRef": "1", "networks": "none",
        "availability_zone": f"nova:{manager.host}"}})
    server_id = reply.json()["server"]["id"]
    wait_status(sdk, server_id, "ACTIVE")
    row = instances.get(server_id)
    assert row.host == manager.host
    used_before = _used_mb(row.host)
    instances.update(server_id, task_state="rebooting_hard")
    periodic.recover_instances(manager)
    assert _show(sdk, server_id)["status"] == "ACTIVE"
    # a pause whose request was still queued at the restart: done by the
    # recovery; the request, delivered afterwards, finds nothing left to do
    instances.update(server_id, task_state="pausing")
    periodic.recover_instances(manager)
    assert _show(sdk, server_id)["status"] == "PAUSED"
    assert manager.driver.get_info(server_id).power_state == PowerState.PAUSED
    manager.run_action(RequestContext.admin(), server_id, "pause")
    assert _show(sdk, server_id)["status"] == "PAUSED"
    assert "fault" not in _show(sdk, server_id)
    _action(sdk, server_id, {"unpause": None})
    _settled(sdk, server_id, "ACTIVE")

    instances.update(server_id, vm_state="building", task_state="spawning")
    periodic.recover_instances(manager)
    shown = _show(sdk, server_id)
    assert shown["status"] == "ERROR"
    assert "restarted during spawning" in shown["fault"]["message"]
    assert _used_mb(row.host) == used_before - row.memory_mb
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)


def test_migrations_record_each_move(cloud, server, tenant):
    sdk, server_id = server
    _action(sdk, server_id, {"resize": {"flavorRef": "2"}})
    _settled(sdk, server_id, "VERIFY_RESIZE")
    _action(sdk, server_id, {"revertResize": None})
    _settled(sdk, server_id, "ACTIVE")
    _action(sdk, server_id, {"os-migrateLive": {"host": None, "block_migration": "auto"}})
    _settled(sdk, server_id, "ACTIVE")

    def listed(query="", version="2.79"):
        return sdk.compute.get(f"/os-migrations?instance_uuid={server_id}{query}",
                               microversion=version).json()["migrations"]

    live, resize = listed()
    assert (live["migration_type"], live["status"]) == ("live-migration", "completed")
    assert (resize["migration_type"], resize["status"]) == ("resize", "reverted")
    assert (resize["old_instance_type_id"], resize["new_instance_type_id"]) != (None, None)
    assert resize["old_instance_type_id"] != resize["new_instance_type_id"]
    assert live["source_compute"] == resize["source_compute"] != live["dest_compute"]
    assert "links" not in live and live["uuid"] and resize["uuid"]
    old_style = listed("&limit=1", "2.22")  # limit is ignored before 2.59
    assert len(old_style) == 2 and "migration_type" not in old_style[0]
    (first_page,) = listed("&limit=1")
    assert first_page["id"] == live["id"]
    assert listed(f"&limit=1&marker={live['uuid']}")[0]["id"] == resize["id"]
    assert listed("&migration_type=resize") == [resize]
    assert len(listed(f"&host={live['dest_compute']}")) == 2  # source or destination
    assert listed("&host=no-such-host") == []
    assert sdk.compute.get(f"/servers/{server_id}/migrations", microversion="2.79"
                           ).json() == {"migrations": []}  # none in progress
    member, _ = tenant
    assert member.compute.get("/os-migrations", raise_exc=False).status_code == 403
    nova_listed = cloud.cli("server", "migration", "list", "--server", server_id,
                            "-f", "value", "-c", "Status").stdout.split()
    assert nova_listed == ["completed", "reverted"]
