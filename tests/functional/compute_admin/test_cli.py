"""A few `openstack` CLI commands over these APIs, as an operator types them."""
import json

import pytest

from tests.functional.compute_admin.support import utc


def _json(cloud, *args, who="admin"):
    return json.loads(cloud.cli(*args, "-f", "json", who=who).stdout)


def test_compute_service_list_and_set(cloud, fixtures):
    host, _, _ = fixtures.host()
    cloud.cli("compute", "service", "set", "--disable", "--disable-reason", "maintenance",
              host, "nova-compute")
    (listed,) = _json(cloud, "compute", "service", "list", "--host", host,
                      "--service", "nova-compute", "--long")
    assert (listed["Binary"], listed["Host"], listed["Zone"], listed["Status"],
            listed["State"], listed["Disabled Reason"]) == (
        "nova-compute", host, "nova", "disabled", "up", "maintenance")


def test_hypervisor_and_host_show(cloud, fixtures):
    host, _, node = fixtures.host({"vcpus": 16, "memory_mb": 4, "local_gb": 8})
    fixtures.allocation(node, 2, 0, 0)
    (listed,) = _json(cloud, "hypervisor", "list", "--matching", host, "--long")
    assert (listed["ID"], listed["Host IP"], listed["State"], listed["vCPUs"],
            listed["vCPUs Used"]) == (node.uuid, "192.0.2.10", "up", 16, 2)
    rows = _json(cloud, "host", "show", host)
    assert {r["Project"]: r["CPU"] for r in rows} == {
        "(total)": 16, "(used_now)": 2, "(used_max)": 0}


def test_usage_list_and_show(cloud, fixtures, member):
    flavor = {"name": "m1.small", "vcpus": 2, "memory_mb": 2048, "root_gb": 20,
              "ephemeral_gb": 0}
    fixtures.instance(member.project_id, launched_at=utc(2020, 1, 1, 12),
                      terminated_at=utc(2020, 1, 1, 18), deleted=True, flavor=flavor)
    listed = _json(cloud, "usage", "list", "--start", "2020-01-01", "--end", "2020-01-02")
    (demo,) = [u for u in listed if u["Project"] == member.project_id]
    assert [(s["hours"], s["state"]) for s in demo["Servers"]] == [(6.0, "terminated")]
    assert (demo["RAM MB-Hours"], demo["CPU Hours"], demo["Disk GB-Hours"]) == (
        12288.0, 12.0, 120.0)
    shown = _json(cloud, "usage", "show", "--start", "2020-01-01", "--end", "2020-01-02",
                  who="demo")
    assert len(shown["Servers"]) == 1 and shown["CPU Hours"] == pytest.approx(12.0)
