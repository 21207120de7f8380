"""Availability zones and host aggregates through novaclient, openstacksdk, the
CLI and raw HTTP. Hosts are service records the tests register (no compute
node, so no scheduler ever places a server on them)."""
import json

import pytest
from novaclient import client as nova_client

from onestack.compute import availability_zones
from onestack.compute import rpcapi as compute_rpcapi
from onestack.db import services
from tests.functional.compute_catalog.support import fault, unique


@pytest.fixture
def hosts():
    """Registers compute services on made-up hosts; removes them afterwards."""
    made = []

    def make(disabled=False):
        host = unique("cathost")
        row = services.register(host, "onestack-compute", "compute",
                                compute_rpcapi.VERSION)
        if disabled:
            services.update(row.id, disabled=True)
        made.append(row.id)
        return host
    yield make
    for service_id in made:
        services.delete(service_id)


@pytest.fixture
def aggregates(admin):
    """Creates aggregates; empties and deletes them afterwards."""
    made = []

    def make(name=None, zone=None):
        body = {"aggregate": {"name": name or unique("agg")}}
        if zone:
            body["aggregate"]["availability_zone"] = zone
        response = admin("POST", "/os-aggregates", json=body)
        assert response.status_code == 200, response.text
        made.append(response.json()["aggregate"]["id"])
        return response.json()["aggregate"]
    yield make
    for aggregate_id in made:
        shown = admin("GET", f"/os-aggregates/{aggregate_id}")
        if shown.status_code != 200:
            continue
        for host in shown.json()["aggregate"]["hosts"]:
            admin("POST", f"/os-aggregates/{aggregate_id}/action",
                  json={"remove_host": {"host": host}})
        admin("DELETE", f"/os-aggregates/{aggregate_id}")


def zone_names(response) -> dict:
    return {z["zoneName"]: z for z in response.json()["availabilityZoneInfo"]}


def test_default_zones(cloud, admin, member):
    listed = zone_names(member("GET", "/os-availability-zone"))
    assert listed["nova"] == {"zoneName": "nova", "zoneState": {"available": True},
                              "hosts": None}
    assert "internal" not in listed
    detail = zone_names(admin("GET", "/os-availability-zone/detail"))
    internal = detail["internal"]["hosts"][cloud.conf.host]
    assert internal["nova-scheduler"]["active"] is True
    compute = detail["nova"]["hosts"][cloud.conf.host]["nova-compute"]
    assert compute["available"] is True and compute["updated_at"][10] == "T"
    fault(member("GET", "/os-availability-zone/detail"), 403)
    sdk_zones = {z.name for z in cloud.sdk().compute.availability_zones()}
    assert "nova" in sdk_zones and "internal" not in sdk_zones


def test_aggregate_zone_moves_hosts(cloud, admin, hosts, aggregates):
    host, idle = hosts(), hosts(disabled=True)
    zone = unique("az")
    aggregate = aggregates(zone=zone)
    assert set(aggregate) == {"availability_zone", "created_at", "deleted",
                              "deleted_at", "id", "name", "updated_at"}
    assert availability_zones.zone_of_host(cloud.conf, host) == "nova"
    added = admin("POST", f"/os-aggregates/{aggregate['id']}/action",
                  json={"add_host": {"host": host}}).json()["aggregate"]
    assert added["hosts"] == [host] and added["metadata"] == {"availability_zone": zone}
    assert availability_zones.zone_of_host(cloud.conf, host) == zone
    assert availability_zones.hosts_in_zone(cloud.conf, zone) == {host}
    assert host not in availability_zones.hosts_in_zone(cloud.conf, "nova")
    assert cloud.conf.host in availability_zones.hosts_in_zone(cloud.conf, "nova")
    listed = zone_names(admin("GET", "/os-availability-zone"))
    assert listed[zone]["zoneState"] == {"available": True}
    detail = zone_names(admin("GET", "/os-availability-zone/detail"))
    assert list(detail[zone]["hosts"]) == [host]
    other = unique("az")
    admin("POST", f"/os-aggregates/{aggregates(zone=other)['id']}/action",
          json={"add_host": {"host": idle}})
    assert zone_names(admin("GET", "/os-availability-zone"))[other] == {
        "zoneName": other, "zoneState": {"available": False}, "hosts": None}


def test_host_in_two_zones_is_409(admin, hosts, aggregates):
    host = hosts()
    first, second = aggregates(zone=unique("az")), aggregates(zone=unique("az"))
    plain = aggregates()
    add = {"add_host": {"host": host}}
    assert admin("POST", f"/os-aggregates/{first['id']}/action", json=add).ok
    assert "availability zone" in fault(
        admin("POST", f"/os-aggregates/{second['id']}/action", json=add), 409)
    assert admin("POST", f"/os-aggregates/{plain['id']}/action", json=add).ok
    assert "already has host" in fault(
        admin("POST", f"/os-aggregates/{first['id']}/action", json=add), 409)
    moved = {"set_metadata": {"metadata": {"availability_zone": second[
        "availability_zone"]}}}
    fault(admin("POST", f"/os-aggregates/{plain['id']}/action", json=moved), 400)
    fault(admin("PUT", f"/os-aggregates/{plain['id']}", json={
        "aggregate": {"availability_zone": second["availability_zone"]}}), 400)


def test_novaclient_lifecycle(cloud, hosts):
    host = hosts()
    nova = nova_client.Client("2.79", session=cloud.session())
    name = unique("nagg")
    aggregate = nova.aggregates.create(name, unique("az"))
    try:
        assert aggregate.uuid and aggregate.name == name
        nova.aggregates.add_host(aggregate, host)
        nova.aggregates.set_metadata(aggregate, {"ssd": "true", "gpu": "1"})
        nova.aggregates.set_metadata(aggregate, {"gpu": None})
        shown = nova.aggregates.get(aggregate.id)
        assert shown.hosts == [host]
        assert shown.metadata == {"availability_zone": aggregate.availability_zone,
                                  "ssd": "true"}
        renamed = nova.aggregates.update(aggregate, {"name": name + "-x"})
        assert renamed.name == name + "-x"
        assert name + "-x" in {a.name for a in nova.aggregates.list()}
        nova.aggregates.remove_host(aggregate, host)
    finally:
        nova.aggregates.delete(aggregate)
    assert aggregate.id not in {a.id for a in nova.aggregates.list()}


def test_sdk_and_cli(cloud, hosts):
    host = hosts()
    sdk = cloud.sdk()
    aggregate = sdk.compute.create_aggregate(name=unique("sagg"))
    sdk.compute.add_host_to_aggregate(aggregate, host)
    assert sdk.compute.get_aggregate(aggregate.id).hosts == [host]
    sdk.compute.remove_host_from_aggregate(aggregate, host)
    sdk.compute.delete_aggregate(aggregate)
    name = unique("cagg")
    shown = json.loads(cloud.cli("aggregate", "create", "--zone", unique("az"),
                                 "--property", "k=v", name, "-f", "json").stdout)
    assert shown["name"] == name
    cloud.cli("aggregate", "delete", name)


def test_errors(admin, member, hosts, aggregates):
    host = hosts()
    aggregate = aggregates()
    path = f"/os-aggregates/{aggregate['id']}"
    assert "already exists" in fault(admin("POST", "/os-aggregates", json={
        "aggregate": {"name": aggregate["name"]}}), 409)
    fault(admin("GET", "/os-aggregates/999999"), 404)
    assert "integer" in fault(admin("GET", "/os-aggregates/abc"), 400)
    assert "Compute host" in fault(admin("POST", path + "/action", json={
        "add_host": {"host": "no-such-host"}}), 404)
    fault(admin("POST", path + "/action", json={"remove_host": {"host": host}}), 404)
    admin("POST", path + "/action", json={"add_host": {"host": host}})
    assert "not empty" in fault(admin("DELETE", path), 400)
    assert "no such action" in fault(admin("POST", path + "/action",
                                           json={"explode": {}}), 400)
    fault(admin("POST", path + "/action", json={"set_metadata": {"metadata": {
        "availability_zone": ""}}}), 400)
    for call in (("GET", "/os-aggregates"), ("GET", path), ("DELETE", path),
                 ("POST", "/os-aggregates", {"aggregate": {"name": unique("m")}}),
                 ("POST", path + "/action", {"add_host": {"host": host}})):
        fault(member(call[0], call[1], json=call[2] if len(call) > 2 else None), 403)


@pytest.mark.parametrize("body", [
    {}, {"aggregate": {}}, {"aggregate": {"name": ""}}, {"aggregate": {"name": " x"}},
    {"aggregate": {"name": "x", "availability_zone": "a:b"}},
    {"aggregate": {"name": "x", "availability_zone": ""}},
    {"aggregate": {"name": "x" * 256}}, {"aggregate": {"name": "x", "hosts": []}}, [],
])
def test_bad_create_bodies_are_400(admin, body):
    fault(admin("POST", "/os-aggregates", json=body), 400)


@pytest.mark.parametrize("body", [
    {"aggregate": {}}, {"aggregate": {"colour": "red"}},
    {"add_host": {}}, {"add_host": {"host": "bad host"}}, {"add_host": "x"},
    {"set_metadata": {"metadata": {"bad/key": "v"}}},
    {"set_metadata": {"metadata": {"k": "v" * 256}}}, {"set_metadata": {}},
    {"add_host": {"host": "h"}, "remove_host": {"host": "h"}}, "text",
])
def test_bad_update_and_action_bodies_are_400(admin, aggregates, body):
    aggregate = aggregates()
    method, path = ("PUT", f"/os-aggregates/{aggregate['id']}") \
        if isinstance(body, dict) and "aggregate" in body \
        else ("POST", f"/os-aggregates/{aggregate['id']}/action")
    fault(admin(method, path, json=body), 400)


def test_uuid_from_241(admin, aggregates):
    aggregate = aggregates()
    assert "uuid" not in admin("GET", f"/os-aggregates/{aggregate['id']}").json()[
        "aggregate"]
    assert admin("GET", f"/os-aggregates/{aggregate['id']}", "2.41").json()[
        "aggregate"]["uuid"]


def test_extensions_list_what_is_served(member):
    listed = member("GET", "/extensions").json()["extensions"]
    names = {e["name"] for e in listed}
    assert {"Hosts", "Keypairs", "CreateBackup", "ServerGroups"} <= names
    assert all(set(e) == {"name", "alias", "namespace", "description", "updated",
                          "links"} for e in listed)
    shown = member("GET", "/extensions/os-hosts").json()["extension"]
    assert (shown["name"], shown["alias"]) == ("Hosts", "os-hosts")
    fault(member("GET", "/extensions/os-consoles"), 404)  # no console proxies here
