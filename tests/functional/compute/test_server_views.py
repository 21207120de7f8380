"""What update and rebuild answer per microversion, a resize kept on its own
host when the operator allows it, host_status, diagnostics, external events."""
import uuid

from tests.functional.compute.conftest import wait_gone, wait_status
from tests.support.processes import wait_for


def _boot(sdk, image_id, **extra):
    reply = sdk.compute.post("/servers", microversion="2.79", json={"server": {
        "name": "views", "imageRef": image_id, "flavorRef": "1", "networks": "none",
        **extra}})
    server_id = reply.json()["server"]["id"]
    wait_status(sdk, server_id, "ACTIVE")
    return server_id


def test_update_and_rebuild_answer_basic_view_before_2_75_and_full_after(cloud, image_id):
    sdk = cloud.sdk()
    server_id = _boot(sdk, image_id, networks="auto",
                      accessIPv6="0000:0000:0000:0000:0000:babe:220.12.22.2")
    old = sdk.compute.put(f"/servers/{server_id}", json={"server": {}},
                          microversion="2.74").json()["server"]
    assert "OS-EXT-STS:vm_state" not in old and "security_groups" not in old
    [address] = old["addresses"]["private"]
    assert set(address) == {"version", "addr"}   # no OS-EXT-IPS before 2.75
    assert old["accessIPv6"] == "::babe:dc0c:1602"
    new = sdk.compute.put(f"/servers/{server_id}", json={"server": {"name": "renamed"}},
                          microversion="2.75").json()["server"]
    assert new["name"] == "renamed" and new["OS-EXT-STS:vm_state"] == "active"
    assert new["addresses"]["private"][0]["OS-EXT-IPS:type"] == "fixed"
    rebuilt = sdk.compute.post(f"/servers/{server_id}/action", microversion="2.57",
                               json={"rebuild": {"imageRef": image_id}}).json()["server"]
    assert "key_name" in rebuilt and "user_data" in rebuilt
    assert "OS-EXT-STS:task_state" not in rebuilt and rebuilt["adminPass"]
    wait_status(sdk, server_id, "ACTIVE")
    full = sdk.compute.post(f"/servers/{server_id}/action", microversion="2.75",
                            json={"rebuild": {"imageRef": image_id}}).json()["server"]
    assert "user_data" in full and "OS-EXT-STS:task_state" in full
    assert "OS-EXT-SRV-ATTR:user_data" not in full  # the admin's own key, not here
    wait_status(sdk, server_id, "ACTIVE")
    sdk.compute.post(f"/servers/{server_id}/action", json={"os-stop": None})
    wait_status(sdk, server_id, "SHUTOFF")
    sdk.compute.post(f"/servers/{server_id}/action", json={"rebuild": {"imageRef": image_id}})
    wait_for(lambda: (lambda s: s["status"] == "SHUTOFF" and
                      s["OS-EXT-STS:task_state"] is None)(sdk.compute.get(
        f"/servers/{server_id}", microversion="2.79").json()["server"]),
        what="the stopped server rebuilt and still SHUTOFF")
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)


def test_resize_to_same_host_when_allowed(cloud, image_id):
    sdk = cloud.sdk()
    cloud.conf.set_override("allow_resize_to_same_host", True)
    try:
        server_id = _boot(sdk, image_id,
                          availability_zone=f"nova:{cloud.conf.host}")
        sdk.compute.post(f"/servers/{server_id}/action", json={"resize": {"flavorRef": "2"}})
        server = wait_for(lambda: (lambda s: s if s["status"] == "VERIFY_RESIZE" and
                                   s["OS-EXT-STS:task_state"] is None else None)(
            sdk.compute.get(f"/servers/{server_id}", microversion="2.79").json()["server"]),
            what="the resize")
        assert server["OS-EXT-SRV-ATTR:host"] == cloud.conf.host
        sdk.compute.post(f"/servers/{server_id}/action", json={"confirmResize": None})
        wait_status(sdk, server_id, "ACTIVE")
        bad = sdk.compute.post(f"/servers/{server_id}/action", raise_exc=False,
                               json={"resize": {"flavorRef": "no-such-flavor"}})
        assert bad.status_code == 400
        sdk.compute.delete_server(server_id)
        wait_gone(sdk, server_id)
    finally:
        cloud.conf.clear_override("allow_resize_to_same_host")


def test_host_status_follows_the_compute_service(cloud, image_id):
    sdk = cloud.sdk()
    server_id = _boot(sdk, image_id, availability_zone=f"nova:{cloud.conf.host}")

    def host_status(version="2.79"):
        return sdk.compute.get(f"/servers/{server_id}", microversion=version
                               ).json()["server"].get("host_status")

    (service,) = sdk.compute.get(f"/os-services?host={cloud.conf.host}&binary=nova-compute",
                                 microversion="2.79").json()["services"]
    assert (host_status(), host_status("2.15")) == ("UP", None)
    try:
        sdk.compute.put(f"/os-services/{service['id']}", microversion="2.79",
                        json={"status": "disabled", "disabled_reason": "views test"})
        assert host_status() == "MAINTENANCE"
        sdk.compute.put(f"/os-services/{service['id']}", microversion="2.79",
                        json={"forced_down": True})
        assert host_status() == "DOWN"
        listed = sdk.compute.get("/servers/detail", microversion="2.79").json()["servers"]
        assert {s["host_status"] for s in listed if s["id"] == server_id} == {"DOWN"}
    finally:
        sdk.compute.put(f"/os-services/{service['id']}", microversion="2.79",
                        json={"status": "enabled", "forced_down": False})
    assert host_status() == "UP"
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)


def test_diagnostics_for_the_admin_in_both_forms(cloud, image_id, tenant):
    member, _ = tenant
    reply = member.compute.post("/servers", microversion="2.79", json={"server": {
        "name": "diag", "imageRef": image_id, "flavorRef": "1", "networks": "none"}})
    server_id = reply.json()["server"]["id"]
    wait_status(member, server_id, "ACTIVE")
    admin = cloud.sdk()
    new = admin.compute.get(f"/servers/{server_id}/diagnostics", microversion="2.48").json()
    assert (new["state"], new["num_cpus"], new["num_disks"]) == ("running", 1, 1)
    assert new["memory_details"] == {"maximum": 512, "used": 0}
    assert isinstance(new["uptime"], int) and len(new["cpu_details"]) == 1
    old = admin.compute.get(f"/servers/{server_id}/diagnostics").json()
    assert old["memory"] == 512 * 1024 and "cpu0_time" in old and "vda_read" in old
    refused = member.compute.get(f"/servers/{server_id}/diagnostics", raise_exc=False)
    assert refused.status_code == 403
    member.compute.post(f"/servers/{server_id}/action", json={"os-stop": None})
    wait_status(member, server_id, "SHUTOFF")
    stopped = admin.compute.get(f"/servers/{server_id}/diagnostics", microversion="2.79")
    assert (stopped.json()["state"], stopped.json()["uptime"]) == ("shutdown", 0)
    member.compute.delete(f"/servers/{server_id}")
    wait_gone(member, server_id)


def test_external_events_reach_the_host(cloud, image_id, tenant):
    member, _ = tenant
    admin = cloud.sdk()
    server_id = _boot(admin, image_id, availability_zone=f"nova:{cloud.conf.host}")
    unknown = str(uuid.uuid4())

    def post(events, version="2.79", sdk=admin):
        return sdk.compute.post("/os-server-external-events", microversion=version,
                                json={"events": events}, raise_exc=False)

    both = post([{"name": "network-changed", "server_uuid": server_id, "tag": "port"},
                 {"name": "network-vif-plugged", "server_uuid": unknown}])
    assert both.status_code == 207
    assert [(e["code"], e["status"]) for e in both.json()["events"]] == [
        (200, "completed"), (404, "completed")]
    assert post([{"name": "network-changed", "server_uuid": unknown}]).status_code == 404
    assert post([{"name": "reboot-me", "server_uuid": server_id}]).status_code == 400
    assert post([{"name": "power-update", "server_uuid": server_id, "tag": "POWER_OFF"}],
                "2.75").status_code == 400
    assert post([{"name": "network-changed", "server_uuid": server_id}],
                sdk=member).status_code == 403
    # the guest stops behind compute's back; power-update makes compute look
    manager = next(item.manager for item in cloud.started
                   if getattr(item, "binary", "") == "onestack-compute")
    manager.driver.power_off(server_id)
    ok = post([{"name": "power-update", "server_uuid": server_id, "tag": "POWER_OFF"}])
    assert ok.status_code == 200
    wait_status(admin, server_id, "SHUTOFF")
    admin.compute.delete_server(server_id)
    wait_gone(admin, server_id)
