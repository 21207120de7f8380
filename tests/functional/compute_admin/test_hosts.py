"""os-hosts (deprecated at 2.43) through raw HTTP and novaclient."""
import uuid

from tests.functional.compute_admin.support import fault


def test_list_hosts_with_service_and_zone(cloud, admin, fixtures):
    host, _, _ = fixtures.host()
    disabled, _, _ = fixtures.host(disabled=True)
    hosts = admin("GET", "/os-hosts").json()["hosts"]
    assert {"host_name": host, "service": "compute", "zone": "nova"} in hosts
    assert {"host_name": cloud.conf.host, "service": "scheduler",
            "zone": "internal"} in hosts
    assert disabled not in [h["host_name"] for h in hosts]
    internal = admin("GET", "/os-hosts?zone=internal").json()["hosts"]
    assert internal and all(h["zone"] == "internal" for h in internal)
    assert host not in [h["host_name"] for h in internal]
    fault(admin("GET", "/os-hosts", "2.43"), 404)


def test_show_resources_per_project(admin, fixtures):
    host, _, node = fixtures.host({"vcpus": 16, "memory_mb": 32232, "local_gb": 878},
                                  disabled=True)
    fixtures.allocation(node, 13, 21284, 442)
    p1, p2 = uuid.uuid4().hex, uuid.uuid4().hex
    big = {"name": "m1.big", "vcpus": 4, "memory_mb": 8192, "root_gb": 100,
           "ephemeral_gb": 20}
    small = {"name": "m1.small", "vcpus": 1, "memory_mb": 2048, "root_gb": 30,
             "ephemeral_gb": 0}
    fixtures.instance(p1, host=host, flavor=big)
    fixtures.instance(p1, host=host, flavor=small)
    fixtures.instance(p2, host=host, flavor=small)
    fixtures.instance(p2, host=host, flavor=big, deleted=True)
    rows = [r["resource"] for r in admin("GET", f"/os-hosts/{host}").json()["host"]]
    table = {r["project"]: (r["cpu"], r["memory_mb"], r["disk_gb"]) for r in rows}
    assert table == {"(total)": (16, 32232, 878), "(used_now)": (13, 21284, 442),
                     "(used_max)": (6, 12288, 180), p1: (5, 10240, 150),
                     p2: (1, 2048, 30)}
    assert all(r["host"] == host for r in rows)
    assert "could not be found" in fault(admin("GET", "/os-hosts/no-such-host"), 404)
    fault(admin("GET", f"/os-hosts/{host}", "2.43"), 404)


def test_enable_and_disable_a_host(admin, fixtures):
    host, _, _ = fixtures.host()
    answer = admin("PUT", f"/os-hosts/{host}", json={"status": "disable"})
    assert answer.json() == {"host": host, "status": "disabled"}
    (service,) = admin("GET", f"/os-services?host={host}").json()["services"]
    assert service["status"] == "disabled"
    answer = admin("PUT", f"/os-hosts/{host}", json={"status": "Enable"})
    assert answer.json() == {"host": host, "status": "enabled"}
    (service,) = admin("GET", f"/os-services?host={host}").json()["services"]
    assert (service["status"], service["disabled_reason"]) == ("enabled", None)
    fault(admin("PUT", f"/os-hosts/{host}", json={"maintenance_mode": "enable"}), 501)
    fault(admin("PUT", f"/os-hosts/{host}", json={}), 400)
    fault(admin("PUT", f"/os-hosts/{host}", json={"status": "sleep"}), 400)
    fault(admin("PUT", "/os-hosts/no-such-host", json={"status": "enable"}), 404)
    fault(admin("PUT", "/os-hosts/no-such-host", json={
        "status": "enable", "maintenance_mode": "enable"}), 404)


def test_power_actions_are_not_supported_by_the_drivers(admin, member, fixtures):
    host, _, _ = fixtures.host()
    for action in ("reboot", "shutdown", "startup"):
        fault(admin("GET", f"/os-hosts/{host}/{action}"), 501)
        fault(admin("GET", f"/os-hosts/no-such-host/{action}"), 404)
        fault(member("GET", f"/os-hosts/{host}/{action}"), 403)
        fault(admin("GET", f"/os-hosts/{host}/{action}", "2.43"), 404)


def test_members_are_refused(member, fixtures):
    host, _, _ = fixtures.host()
    fault(member("GET", "/os-hosts"), 403)
    fault(member("GET", f"/os-hosts/{host}"), 403)
    fault(member("PUT", f"/os-hosts/{host}", json={"status": "disable"}), 403)
