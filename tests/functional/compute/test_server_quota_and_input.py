"""Quotas under concurrency, the quota message, and the bad-input matrix."""
import base64
import concurrent.futures

import pytest

from onestack.db import quotas
from tests.functional.compute.conftest import wait_gone, wait_status


def _boot(sdk, image_id, flavor_id, name, **extra):
    body = {"server": {"name": name, "imageRef": image_id, "flavorRef": flavor_id,
                       "networks": "none", **extra}}
    return sdk.compute.post("/servers", json=body, raise_exc=False,
                            microversion="2.79")


def test_twenty_parallel_boots_with_room_for_ten(cloud, image_id, tenant):
    sdk, project = tenant
    quotas.set_limits(project.id, {"instances": 10})
    flavor = cloud.sdk().compute.find_flavor("m1.tiny")
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        replies = list(pool.map(lambda i: _boot(sdk, image_id, flavor.id, f"q{i}"),
                                range(20)))
    codes = sorted(r.status_code for r in replies)
    assert codes == [202] * 10 + [403] * 10
    refused = [r for r in replies if r.status_code == 403][0].json()["forbidden"]
    assert "Quota exceeded for instances: Requested 1, but already used 10 of 10 " \
           "instances" in refused["message"]
    servers = list(sdk.compute.servers())
    assert len(servers) == 10
    assert quotas.usages(project.id)["instances"] == 10
    for server in servers:
        wait_status(sdk, server.id, "ACTIVE")
        sdk.compute.delete_server(server)
    for server in servers:
        wait_gone(sdk, server.id)
    assert quotas.usages(project.id)["instances"] == 0


def test_min_max_count_and_reservation_id(cloud, image_id, tenant):
    sdk, project = tenant
    quotas.set_limits(project.id, {"instances": 3})
    flavor = cloud.sdk().compute.find_flavor("m1.tiny")
    reply = _boot(sdk, image_id, flavor.id, "multi", min_count=2, max_count=5,
                  return_reservation_id=True)
    assert reply.status_code == 202
    reservation = reply.json()["reservation_id"]
    servers = list(sdk.compute.servers(reservation_id=reservation))
    assert sorted(s.name for s in servers) == ["multi-1", "multi-2", "multi-3"]
    for server in servers:
        wait_status(sdk, server.id, "ACTIVE")
        sdk.compute.delete_server(server)
        wait_gone(sdk, server.id)


BAD = [
    ("unknown flavor", {"flavorRef": "no-such-flavor"}, 400),
    ("unknown image", {"imageRef": "6a3ab2cc-0000-4000-8000-000000000000"}, 400),
    ("bad base64 user data", {"user_data": "%%% not base64 %%%"}, 400),
    ("name too long", {"name": "x" * 256}, 400),
    ("name with leading space", {"name": " lead"}, 400),
    ("metadata not strings", {"metadata": {"a": 1}}, 400),
    ("min over max", {"min_count": 3, "max_count": 2}, 400),
    ("networks missing at 2.37+", {"networks": None}, 400),
    ("unknown key pair", {"key_name": "nope"}, 400),
    ("forced host as member", {"availability_zone": "nova:somehost"}, 403),
    ("boot from a volume", {"block_device_mapping_v2": [
        {"boot_index": 0, "uuid": "6a3ab2cc-0000-4000-8000-000000000000",
         "source_type": "volume", "destination_type": "volume"}]}, 400),
]


@pytest.mark.parametrize("name,change,status", BAD, ids=[b[0] for b in BAD])
def test_bad_server_create(cloud, image_id, name, change, status):
    sdk = cloud.sdk("demo", "demo-secret", "demo")
    flavor = cloud.sdk().compute.find_flavor("m1.tiny")
    server = {"name": "bad", "imageRef": image_id, "flavorRef": flavor.id,
              "networks": "none"}
    server.update(change)
    server = {k: v for k, v in server.items() if v is not None}
    before = len(list(sdk.compute.servers()))
    reply = sdk.compute.post("/servers", json={"server": server}, raise_exc=False,
                             microversion="2.79")
    assert reply.status_code == status, reply.text
    (fault_name, fault), = reply.json().items()
    assert fault["code"] == status and fault["message"]
    assert len(list(sdk.compute.servers())) == before


def test_bad_uuids_and_microversions(cloud):
    sdk = cloud.sdk()
    assert sdk.compute.get("/servers/not-a-uuid", raise_exc=False).status_code == 404
    assert sdk.compute.post("/servers/not-a-uuid/action", json={"reboot": {"type": "HARD"}},
                            raise_exc=False).status_code == 404
    too_new = sdk.compute.get("/servers", raise_exc=False,
                              headers={"OpenStack-API-Version": "compute 9.99"})
    assert too_new.status_code == 406
    garbage = sdk.compute.get("/servers", raise_exc=False,
                              headers={"OpenStack-API-Version": "compute x.y"})
    assert garbage.status_code == 400
    ok = sdk.compute.get("/servers", raise_exc=False,
                         headers={"OpenStack-API-Version": "compute 2.79"})
    assert ok.headers["OpenStack-API-Version"] == "compute 2.79"
    assert "OpenStack-API-Version" in ok.headers["Vary"]


def test_user_data_roundtrip_for_admin(cloud, image_id):
    sdk = cloud.sdk()
    data = base64.b64encode(b"#!/bin/sh\necho hi\n").decode()
    flavor = sdk.compute.find_flavor("m1.tiny")
    reply = _boot(sdk, image_id, flavor.id, "ud", user_data=data)
    server_id = reply.json()["server"]["id"]
    wait_status(sdk, server_id, "ACTIVE")
    shown = sdk.compute.get(f"/servers/{server_id}", microversion="2.79").json()["server"]
    assert shown["OS-EXT-SRV-ATTR:user_data"] == data
    assert shown["flavor"]["original_name"] == "m1.tiny"
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)
