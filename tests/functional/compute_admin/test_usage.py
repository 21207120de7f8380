"""os-simple-tenant-usage: hours computed from launched and terminated times."""
import datetime
import uuid

import pytest
from openstack import exceptions as sdk_exc

from tests.functional.compute_admin.support import fault, utc
from tests.support.cloud import DEMO_PASSWORD

START, END = "2020-01-01T00:00:00", "2020-01-02T00:00:00"
PERIOD = f"start={START}&end={END}"
BIG = {"name": "m1.big", "vcpus": 2, "memory_mb": 1024, "root_gb": 10, "ephemeral_gb": 5}
TINY = {"name": "m1.tiny", "vcpus": 1, "memory_mb": 512, "root_gb": 1, "ephemeral_gb": 0}


@pytest.fixture
def servers(fixtures, member):
    """In the demo project: one server running through the whole day, one that
    lived 3.5 hours of it, and three that do not count."""
    project = member.project_id
    made = {
        "running": fixtures.instance(project, launched_at=utc(2019, 12, 31, 12),
                                     flavor=BIG),
        "short": fixtures.instance(project, launched_at=utc(2020, 1, 1, 6),
                                   terminated_at=utc(2020, 1, 1, 9, 30), deleted=True,
                                   flavor=TINY),
    }
    fixtures.instance(project, launched_at=utc(2020, 1, 3), flavor=TINY)
    fixtures.instance(project, launched_at=utc(2019, 1, 1),
                      terminated_at=utc(2019, 12, 30), deleted=True, flavor=TINY)
    fixtures.instance(project, launched_at=None, vm_state="building", flavor=TINY)
    return made


def test_project_usage_is_computed_from_the_instances(member, servers):
    usage = member("GET", f"/os-simple-tenant-usage/{member.project_id}?{PERIOD}")
    body = usage.json()["tenant_usage"]
    assert body["tenant_id"] == member.project_id
    assert (body["start"], body["stop"]) == (START + ".000000", END + ".000000")
    assert body["total_hours"] == pytest.approx(27.5)
    assert body["total_vcpus_usage"] == pytest.approx(2 * 24 + 3.5)
    assert body["total_memory_mb_usage"] == pytest.approx(1024 * 24 + 512 * 3.5)
    assert body["total_local_gb_usage"] == pytest.approx(15 * 24 + 1 * 3.5)
    by_id = {s["instance_id"]: s for s in body["server_usages"]}
    assert set(by_id) == {servers["running"].uuid, servers["short"].uuid}
    short = by_id[servers["short"].uuid]
    assert short == {"instance_id": servers["short"].uuid,
                     "name": servers["short"].display_name,
                     "tenant_id": member.project_id, "hours": 3.5, "flavor": "m1.tiny",
                     "memory_mb": 512, "local_gb": 1, "vcpus": 1,
                     "started_at": "2020-01-01T06:00:00.000000",
                     "ended_at": "2020-01-01T09:30:00.000000", "state": "terminated",
                     "uptime": 12600}
    running = by_id[servers["running"].uuid]
    assert (running["state"], running["ended_at"], running["hours"]) == ("active", None, 24)
    assert running["uptime"] > (datetime.datetime.utcnow() - datetime.datetime(
        2019, 12, 31, 12)).total_seconds() - 60


def test_all_projects_for_administrators(admin, member, servers, fixtures):
    other = uuid.uuid4().hex
    fixtures.instance(other, launched_at=utc(2020, 1, 1, 23), flavor=TINY)
    plain = admin("GET", f"/os-simple-tenant-usage?{PERIOD}").json()["tenant_usages"]
    mine = {u["tenant_id"]: u for u in plain}
    assert mine[member.project_id]["total_hours"] == pytest.approx(27.5)
    assert mine[other]["total_vcpus_usage"] == pytest.approx(1.0)
    assert "server_usages" not in mine[other]
    detailed = admin("GET", f"/os-simple-tenant-usage?{PERIOD}&detailed=1").json()
    (usage,) = [u for u in detailed["tenant_usages"] if u["tenant_id"] == other]
    assert [s["hours"] for s in usage["server_usages"]] == [1.0]
    assert "Policy doesn't allow" in fault(
        member("GET", f"/os-simple-tenant-usage?{PERIOD}"), 403)
    fault(member("GET", f"/os-simple-tenant-usage/{other}?{PERIOD}"), 403)
    assert admin("GET", f"/os-simple-tenant-usage/{other}?{PERIOD}").json()[
        "tenant_usage"]["total_hours"] == pytest.approx(1.0)


def test_paging_from_240(admin, member, servers):
    path = f"/os-simple-tenant-usage/{member.project_id}?{PERIOD}&limit=1"
    first = admin("GET", path, "2.40").json()
    (link,) = first["tenant_usage_links"]
    assert link["rel"] == "next"
    assert f"marker={first['tenant_usage']['server_usages'][0]['instance_id']}" \
        in link["href"]
    assert "end=2020-01-02T00%3A00%3A00" in link["href"]
    second = admin("GET", link["href"].split("/v2.1", 1)[1], "2.40").json()
    ids = [s["instance_id"] for page in (first, second)
           for s in page["tenant_usage"]["server_usages"]]
    assert sorted(ids) == sorted(s.uuid for s in servers.values())
    (last_link,) = second["tenant_usage_links"]
    third = admin("GET", last_link["href"].split("/v2.1", 1)[1], "2.40").json()
    assert third == {"tenant_usage": {}}
    before = admin("GET", path, "2.39").json()
    assert "tenant_usage_links" not in before
    assert len(before["tenant_usage"]["server_usages"]) == 2
    assert "could not be found" in fault(
        admin("GET", f"/os-simple-tenant-usage?{PERIOD}&marker={uuid.uuid4()}", "2.40"),
        400)


def test_period_defaults_and_errors(admin, member):
    now = admin("GET", "/os-simple-tenant-usage?start=2020-01-01T00:00:00.5").json()
    for usage in now["tenant_usages"]:
        assert usage["start"] == "2020-01-01T00:00:00.500000"
    for query in ("start=2020-01-01", "end=yesterday", f"start={END}&end={START}",
                  f"start={START}&end={START}"):
        fault(admin("GET", f"/os-simple-tenant-usage?{query}"), 400)
    fault(admin("GET", f"/os-simple-tenant-usage?{PERIOD}&limit=-1", "2.40"), 400)
    fault(admin("GET", f"/os-simple-tenant-usage?{PERIOD}&foo=1", "2.75"), 400)
    fault(member("GET", f"/os-simple-tenant-usage/{member.project_id}?{PERIOD}&"
                        "detailed=1", "2.75"), 400)
    assert admin("GET", f"/os-simple-tenant-usage?{PERIOD}&foo=1", "2.74").ok


def test_openstacksdk(cloud, member, servers):
    sdk = cloud.sdk()
    start, end = datetime.datetime(2020, 1, 1), datetime.datetime(2020, 1, 2)
    usage = sdk.compute.get_usage(member.project_id, start, end)
    assert usage.total_hours == pytest.approx(27.5)
    assert sorted(s.instance_id for s in usage.server_usages) == sorted(
        s.uuid for s in servers.values())
    listed = [u for u in sdk.compute.usages(start, end, detailed=True)
              if u.project_id == member.project_id]
    assert [u.total_memory_mb_usage for u in listed] == [pytest.approx(26368.0)]
    with pytest.raises(sdk_exc.HttpException):
        list(cloud.sdk("demo", DEMO_PASSWORD, "demo").compute.usages(start, end))


def test_a_future_period_uses_nothing(admin, member, servers):
    usage = member("GET", f"/os-simple-tenant-usage/{member.project_id}"
                          "?start=2999-01-01T00:00:00&end=2999-01-02T00:00:00").json()
    body = usage["tenant_usage"]
    assert body["total_hours"] == 0 and body["start"] == body["stop"]
    hours = {s["instance_id"]: s["hours"] for s in body["server_usages"]}
    assert servers["running"].uuid in hours and servers["short"].uuid not in hours
    assert set(hours.values()) == {0}
