"""os-instance-actions: actions recorded through the repository, read back."""
import hashlib
import uuid

import pytest
from novaclient import client as nova_client

from tests.functional.compute_admin.support import failing, fault


@pytest.fixture
def server(fixtures, member):
    """A server of the demo project with a create and a failed stop."""
    row = fixtures.instance(member.project_id, host="cahost-actions")
    created = fixtures.action(row, "create", events=[
        ("compute__do_build_and_run_instance", "cahost-actions", None)])
    stopped = fixtures.action(row, "stop", events=[
        ("compute_stop_instance", "cahost-actions", failing("disk on fire"))])
    return row, created, stopped


def test_list_newest_first(member, server):
    row, created, stopped = server
    actions = member("GET", f"/servers/{row.uuid}/os-instance-actions").json()
    listed = actions["instanceActions"]
    assert [(a["action"], a["request_id"]) for a in listed] == [
        ("stop", stopped), ("create", created)]
    assert set(listed[0]) == {"action", "instance_uuid", "request_id", "user_id",
                              "project_id", "start_time", "message"}
    assert listed[0]["message"] == "Error" and listed[1]["message"] is None
    assert listed[0]["instance_uuid"] == row.uuid
    newer = member("GET", f"/servers/{row.uuid}/os-instance-actions", "2.58").json()
    assert all(a["updated_at"] for a in newer["instanceActions"])


def test_events_by_microversion_and_role(admin, member, server):
    row, _, stopped = server
    path = f"/servers/{row.uuid}/os-instance-actions/{stopped}"
    plain = member("GET", path).json()["instanceAction"]
    assert "events" not in plain and plain["request_id"] == stopped
    (event,) = member("GET", path, "2.51").json()["instanceAction"]["events"]
    assert event["event"] == "compute_stop_instance" and event["result"] == "Error"
    assert set(event) == {"event", "start_time", "finish_time", "result"}
    (event,) = member("GET", path, "2.62").json()["instanceAction"]["events"]
    expected_id = hashlib.sha224((row.project_id + "cahost-actions").encode()).hexdigest()
    assert event["hostId"] == expected_id and "host" not in event
    (event,) = admin("GET", path).json()["instanceAction"]["events"]
    assert "disk on fire" in event["traceback"] and "host" not in event
    (event,) = admin("GET", path, "2.62").json()["instanceAction"]["events"]
    assert (event["host"], event["hostId"]) == ("cahost-actions", expected_id)


def test_paging_and_time_filters(member, server):
    row, created, stopped = server
    base = f"/servers/{row.uuid}/os-instance-actions"
    first = member("GET", f"{base}?limit=1", "2.58").json()
    assert [a["request_id"] for a in first["instanceActions"]] == [stopped]
    (link,) = first["links"]
    assert link["rel"] == "next" and f"marker={stopped}" in link["href"]
    second = member("GET", link["href"].split("/v2.1", 1)[1], "2.58").json()
    assert [a["request_id"] for a in second["instanceActions"]] == [created]
    done = member("GET", f"{base}?marker={created}", "2.58").json()
    assert done == {"instanceActions": []}
    assert "could not be found" in fault(member("GET", f"{base}?marker=req-x", "2.58"), 400)
    future = member("GET", f"{base}?changes-since=2999-01-01T00:00:00Z", "2.58").json()
    assert future["instanceActions"] == []
    past = member("GET", f"{base}?changes-before=2000-01-01T00:00:00Z", "2.66").json()
    assert past["instanceActions"] == []
    both = member("GET", f"{base}?changes-since=2000-01-01T00:00:00Z&"
                         "changes-before=2999-01-01T00:00:00Z", "2.66").json()
    assert len(both["instanceActions"]) == 2
    assert "less than or equal" in fault(member(
        "GET", f"{base}?changes-since=2020-01-02T00:00:00Z&changes-before="
               "2020-01-01T00:00:00Z", "2.66"), 400)
    fault(member("GET", f"{base}?changes-before=2020-01-01T00:00:00Z", "2.65"), 400)
    fault(member("GET", f"{base}?changes-since=yesterday", "2.58"), 400)
    fault(member("GET", f"{base}?limit=many", "2.58"), 400)
    assert len(member("GET", f"{base}?limit=1&foo=bar", "2.57").json()[
        "instanceActions"]) == 2


def test_invisible_and_missing_servers(admin, member, fixtures, server):
    row, _, stopped = server
    others = fixtures.instance(uuid.uuid4().hex)
    fixtures.action(others, "create")
    assert "could not be found" in fault(
        member("GET", f"/servers/{others.uuid}/os-instance-actions"), 404)
    assert admin("GET", f"/servers/{others.uuid}/os-instance-actions").ok
    fault(member("GET", f"/servers/{uuid.uuid4()}/os-instance-actions"), 404)
    assert fault(member("GET", f"/servers/{row.uuid}/os-instance-actions/req-nope"),
                 404) == "Action req-nope not found"
    gone = fixtures.instance(member.project_id, deleted=True,
                             terminated_at=row.created_at)
    request_id = fixtures.action(gone, "delete")
    fault(member("GET", f"/servers/{gone.uuid}/os-instance-actions", "2.20"), 404)
    listed = member("GET", f"/servers/{gone.uuid}/os-instance-actions", "2.21").json()
    assert [a["request_id"] for a in listed["instanceActions"]] == [request_id]


def test_sdk_and_novaclient(cloud, member, server):
    row, created, stopped = server
    sdk = cloud.sdk()
    actions = list(sdk.compute.server_actions(row.uuid))
    assert [a.request_id for a in actions] == [stopped, created]
    action = sdk.compute.get_server_action(stopped, row.uuid)
    assert action.action == "stop" and action.events[0].result == "Error"
    nova = nova_client.Client("2.51", session=member.session)
    listed = nova.instance_action.list(row.uuid)
    assert [a.request_id for a in listed] == [stopped, created]
    assert nova.instance_action.get(row.uuid, created).events[0]["result"] == "Success"
