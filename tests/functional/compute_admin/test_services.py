"""os-services through openstacksdk, novaclient and raw HTTP."""
import uuid

import pytest
from novaclient import client as nova_client
from openstack import exceptions as sdk_exc

from onestack.db import aggregates
from tests.functional.compute_admin.support import fault


def _by_host(response, host):
    return [s for s in response.json()["services"] if s["host"] == host]


def test_list_shapes_per_microversion(cloud, admin):
    host = cloud.conf.host
    old = {s["binary"]: s for s in _by_host(admin("GET", "/os-services"), host)}
    assert set(old) >= {"nova-compute", "nova-scheduler", "nova-network", "nova-volume"}
    compute = old["nova-compute"]
    assert isinstance(compute["id"], int) and "forced_down" not in compute
    assert (compute["zone"], compute["status"], compute["state"]) == ("nova", "enabled", "up")
    assert old["nova-scheduler"]["zone"] == "internal"
    assert compute["updated_at"][10] == "T" and len(compute["updated_at"]) == 26
    v211 = _by_host(admin("GET", "/os-services", "2.11"), host)
    assert all(s["forced_down"] is False and isinstance(s["id"], int) for s in v211)
    v253 = _by_host(admin("GET", "/os-services", "2.79"), host)
    assert all(str(uuid.UUID(s["id"])) == s["id"] for s in v253)
    assert all(sorted(s) == sorted(["id", "binary", "host", "zone", "status", "state",
                                    "updated_at", "disabled_reason", "forced_down"])
               for s in v253)


def test_filters_accept_nova_and_onestack_binary_names(cloud, admin, fixtures):
    host, _, _ = fixtures.host()
    listed = admin("GET", f"/os-services?host={host}&binary=nova-compute").json()
    assert [(s["host"], s["binary"]) for s in listed["services"]] == [
        (host, "nova-compute")]
    real = admin("GET", f"/os-services?binary=onestack-compute&host={host}").json()
    assert real == listed
    assert admin("GET", f"/os-services?host={host}&binary=nova-scheduler").json() == {
        "services": []}


def test_down_when_no_heartbeat(admin, fixtures):
    host, _, _ = fixtures.host(heartbeat=False)
    (service,) = admin("GET", f"/os-services?host={host}").json()["services"]
    assert service["state"] == "down" and service["status"] == "enabled"


def test_disable_enable_and_force_down_before_253(cloud, fixtures):
    host, _, _ = fixtures.host()
    nova = nova_client.Client("2.11", session=cloud.session())
    disabled = nova.services.disable_log_reason(host, "nova-compute", "bad disk")
    assert (disabled.host, disabled.binary, disabled.status, disabled.disabled_reason) \
        == (host, "nova-compute", "disabled", "bad disk")
    (listed,) = nova.services.list(host=host)
    assert (listed.status, listed.disabled_reason) == ("disabled", "bad disk")
    forced = nova.services.force_down(host, "nova-compute", True)
    assert forced.forced_down is True
    (listed,) = nova.services.list(host=host, binary="nova-compute")
    assert (listed.state, listed.forced_down) == ("down", True)
    nova.services.force_down(host, "nova-compute", False)
    enabled = nova.services.enable(host, "onestack-compute")
    assert enabled.status == "enabled"
    (listed,) = nova.services.list(host=host)
    assert (listed.status, listed.state, listed.disabled_reason) == ("enabled", "up", None)


def test_update_by_uuid_from_253(cloud, fixtures):
    host, service, _ = fixtures.host()
    sdk = cloud.sdk()
    changed = sdk.compute.disable_service(None, host=host, binary="nova-compute",
                                          disabled_reason="maintenance")
    assert (changed.id, changed.status, changed.disabled_reason) == (
        service.uuid, "disabled", "maintenance")
    forced = sdk.compute.update_service_forced_down(changed, forced=True)
    assert (forced.is_forced_down, forced.state) == (True, "down")
    sdk.compute.update_service_forced_down(changed, forced=False)
    enabled = sdk.compute.enable_service(changed)
    assert (enabled.status, enabled.disabled_reason, enabled.state) == (
        "enabled", None, "up")


def test_update_refusals(cloud, admin, fixtures):
    _, service, _ = fixtures.host()
    path = f"/os-services/{service.uuid}"
    assert "disabled_reason" in fault(admin("PUT", path, "2.53", json={
        "status": "enabled", "disabled_reason": "x"}), 400)
    assert "No updates were requested" in fault(admin("PUT", path, "2.53", json={}), 400)
    assert "No updates" in fault(admin("PUT", path, "2.53",
                                       json={"disabled_reason": "only"}), 400)
    fault(admin("PUT", path, "2.53", json={"status": "off"}), 400)
    fault(admin("PUT", path, "2.53", json={"forced_down": "maybe"}), 400)
    fault(admin("PUT", path, "2.53", json={"host": "x"}), 400)
    fault(admin("PUT", "/os-services/not-a-uuid", "2.53", json={"status": "enabled"}), 400)
    fault(admin("PUT", f"/os-services/{uuid.uuid4()}", "2.53",
                json={"status": "enabled"}), 404)
    scheduler = [s for s in admin("GET", "/os-services", "2.53").json()["services"]
                 if s["binary"] == "nova-scheduler"][0]
    message = fault(admin("PUT", f"/os-services/{scheduler['id']}", "2.53",
                          json={"status": "disabled"}), 400)
    assert "nova-scheduler service is not supported" in message
    again = admin("GET", "/os-services?binary=nova-scheduler").json()["services"]
    assert all(s["status"] == "enabled" for s in again)
    assert fault(admin("PUT", "/os-services/force-down", "2.10",
                       json={"host": "h", "binary": "nova-compute"}), 404) == \
        "Unknown action"
    assert fault(admin("PUT", "/os-services/disable-log-reason", "2.1", json={
        "host": service.host, "binary": "nova-compute"}), 400) == \
        "Missing disabled reason field"
    assert fault(admin("PUT", "/os-services/force-down", "2.11", json={
        "host": service.host, "binary": "nova-compute"}), 400) == \
        "Missing forced_down field"
    assert "could not be found" in fault(admin("PUT", "/os-services/enable", "2.1", json={
        "host": "no-such-host", "binary": "nova-compute"}), 404)


def test_delete(cloud, admin, fixtures):
    host, service, node = fixtures.host()
    fixtures.instance("p-" + uuid.uuid4().hex, host=host)
    message = fault(admin("DELETE", f"/os-services/{service.id}"), 409)
    assert "hosting instances" in message
    empty_host, empty, _ = fixtures.host()
    assert admin("DELETE", f"/os-services/{empty.uuid}", "2.53").status_code == 204
    assert admin("GET", f"/os-services?host={empty_host}").json()["services"] == []
    hypervisors = admin("GET", "/os-hypervisors").json()["hypervisors"]
    assert empty_host + ".node" not in [h["hypervisor_hostname"] for h in hypervisors]
    fault(admin("DELETE", f"/os-services/{empty.uuid}", "2.53"), 404)
    fault(admin("DELETE", "/os-services/999999"), 404)
    fault(admin("DELETE", "/os-services/abc"), 400)
    fault(admin("DELETE", f"/os-services/{service.id}", "2.53"), 400)


def test_sdk_lists_and_deletes(cloud, fixtures):
    host, service, _ = fixtures.host()
    sdk = cloud.sdk()
    (found,) = list(sdk.compute.services(host=host, binary="nova-compute"))
    assert (found.id, found.binary, found.availability_zone) == (
        service.uuid, "nova-compute", "nova")
    sdk.compute.delete_service(found, ignore_missing=False)
    assert list(sdk.compute.services(host=host)) == []
    with pytest.raises(sdk_exc.NotFoundException):
        sdk.compute.delete_service(found, ignore_missing=False)


def test_members_are_refused(member, fixtures):
    _, service, _ = fixtures.host()
    assert "os-services:list" in fault(member("GET", "/os-services"), 403)
    fault(member("PUT", f"/os-services/{service.uuid}", "2.53",
                 json={"status": "disabled"}), 403)
    fault(member("PUT", "/os-services/disable", json={
        "host": service.host, "binary": "nova-compute"}), 403)
    fault(member("DELETE", f"/os-services/{service.id}"), 403)


def test_zone_comes_from_aggregates_and_delete_leaves_them(admin, fixtures):
    host, service, _ = fixtures.host()
    aggregate = aggregates.create(f"agg-{host}", availability_zone=f"az-{host}")
    try:
        aggregates.add_host(aggregate.id, host)
        (listed,) = admin("GET", f"/os-services?host={host}").json()["services"]
        assert listed["zone"] == f"az-{host}"
        hosts = admin("GET", f"/os-hosts?zone=az-{host}").json()["hosts"]
        assert hosts == [{"host_name": host, "service": "compute", "zone": f"az-{host}"}]
        assert admin("DELETE", f"/os-services/{service.id}").status_code == 204
        assert aggregates.get(aggregate.id).hosts == []
    finally:
        for member in aggregates.get(aggregate.id).hosts:
            aggregates.remove_host(aggregate.id, member)
        aggregates.delete_(aggregate.id)
