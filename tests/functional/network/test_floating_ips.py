"""Floating IPs through the real clients: the seed's pool made with the real
`onestack-manage floating` commands; allocated, associated, moved,
disassociated and released through openstacksdk (its compute proxy and its
cloud layer, which speak /os-floating-ips when there is no network service);
shown by the real `openstack server list`; the errors of the server actions;
auto-assignment at boot; the quota exact under concurrency; the admin's
os-floating-ips-bulk."""
from __future__ import annotations

import concurrent.futures
import threading
import uuid

import pytest

from onestack.db import allocations, floating_ips, networks, quotas
from onestack.network import pools as pools_api
from tests.functional.compute.conftest import wait_gone, wait_status
from tests.support.compute_http import Compute, fault
from tests.support.processes import run


def manage(cloud, *args, check=True):
    return run("onestack-manage", "--config-file", cloud.config_file, "floating",
               *args, check=check)


def make_pool(cloud, ip_range: str) -> str:
    """A pool of its own for a test, made by the admin over os-floating-ips-bulk."""
    pool = "pool-" + uuid.uuid4().hex[:8]
    reply = Compute(cloud, cloud.session())("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": ip_range, "pool": pool}})
    assert reply.status_code == 200, reply.text
    return pool


def boot(sdk, image_id, name, networks_value="auto"):
    server = sdk.compute.create_server(name=name, image_id=image_id,
                                       flavor_id=sdk.compute.find_flavor("m1.tiny").id,
                                       networks=networks_value)
    return wait_status(sdk, server.id, "ACTIVE")


def addresses(sdk, server_id) -> dict[str, list[str]]:
    """kind (fixed, floating) -> the server's addresses of that kind."""
    found = {"fixed": [], "floating": []}
    for entries in sdk.compute.get_server(server_id).addresses.values():
        for entry in entries:
            found[entry["OS-EXT-IPS:type"]].append(entry["addr"])
    return found


def cli_env(cloud, project) -> dict:
    env = cloud.cli_env()
    env.update(OS_USERNAME=project.name, OS_PASSWORD="pw", OS_PROJECT_NAME=project.name)
    return env


def test_the_seeds_pool_through_allocate_associate_move_and_release(cloud, tenant,
                                                                     image_id):
    created = manage(cloud, "create", "--pool=nova", "--ip_range=68.99.26.170/31")
    assert "Created 2 floating IPs in pool nova" in created.stdout
    assert "None\t68.99.26.170\tNone\tnova\teth0" in manage(cloud, "list").stdout
    sdk, project = tenant
    assert {"name": "nova"} in sdk.list_floating_ip_pools()
    # the SDK's cloud layer takes floating IPs from the networking API, where
    # the pool is an external network
    fip = sdk.create_floating_ip(network="nova")
    assert (fip.floating_ip_address, fip.floating_network_id, fip.port_id) == \
        ("68.99.26.170", sdk.network.find_network("nova").id, None)
    one, two = boot(sdk, image_id, "fip-one"), boot(sdk, image_id, "fip-two")
    address = fip.floating_ip_address

    sdk.compute.add_floating_ip_to_server(one, address)
    [fixed_one] = addresses(sdk, one.id)["fixed"]
    assert addresses(sdk, one.id)["floating"] == [address]
    listing = cloud.cli("server", "list", "--name", "^fip-one$", "-c", "Networks",
                        env=cli_env(cloud, project)).stdout
    assert f"| private={fixed_one}, {address} |" in listing
    assert sdk.get_floating_ip(fip.id).port_id is not None

    sdk.compute.add_floating_ip_to_server(two, address)   # moves it
    assert addresses(sdk, one.id)["floating"] == []
    assert addresses(sdk, two.id)["floating"] == [address]
    shown = sdk.compute.get(f"/os-floating-ips/{fip.id}").json()["floating_ip"]
    assert shown == {"id": fip.id, "ip": address, "pool": "nova",
                     "fixed_ip": addresses(sdk, two.id)["fixed"][0],
                     "instance_id": two.id}
    assert "\t68.99.26.170\t" + two.id + "\tnova" in manage(cloud, "list").stdout

    sdk.compute.remove_floating_ip_from_server(two, address)
    assert addresses(sdk, two.id)["floating"] == []
    assert sdk.delete_floating_ip(fip.id)
    assert sdk.list_floating_ips() == []
    assert "Deleted 2 floating IPs." in manage(cloud, "delete", "68.99.26.170/31").stdout
    assert "68.99.26.17" not in manage(cloud, "list").stdout
    assert {"name": "nova"} not in sdk.list_floating_ip_pools()


def test_the_manage_commands_refuse_bad_ranges_with_one_line(cloud):
    result = manage(cloud, "create", "--ip_range", "68.99.26.300/31", check=False)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("ERROR: Invalid ip_range")
    manage(cloud, "create", "--ip_range", "198.51.100.7", "--pool", "dup")
    again = manage(cloud, "create", "--ip_range", "198.51.100.7", check=False)
    assert again.returncode != 0
    assert again.stderr.strip() == "ERROR: Floating IP 198.51.100.7 already exists."
    manage(cloud, "delete", "--ip_range", "198.51.100.7")


def test_deleting_a_server_disassociates_its_floating_ip(cloud, tenant, image_id):
    sdk, project = tenant
    pool = make_pool(cloud, "198.51.100.16/30")
    fip = sdk.create_floating_ip(network=pool)
    server = boot(sdk, image_id, "goes")
    sdk.compute.add_floating_ip_to_server(server, fip.floating_ip_address)
    sdk.compute.delete_server(server)
    wait_gone(sdk, server.id)
    after = sdk.compute.get(f"/os-floating-ips/{fip.id}").json()["floating_ip"]
    assert (after["fixed_ip"], after["instance_id"]) == (None, None)
    assert quotas.usages(project.id)["floating_ips"] == 1   # still the project's
    assert sdk.delete_floating_ip(fip.id)
    assert quotas.usages(project.id)["floating_ips"] == 0


@pytest.mark.parametrize("version, pool_range", [
    ("2.1", "198.51.100.8"), ("2.43", "198.51.100.9"), ("2.79", "198.51.100.10")])
def test_the_server_actions_answer_as_nova_at_every_microversion(
        cloud, tenant, image_id, version, pool_range):
    sdk, _project = tenant
    api = Compute(cloud, sdk.session)
    pool = make_pool(cloud, pool_range)
    address = api("POST", "/os-floating-ips", version,
                  json={"pool": pool}).json()["floating_ip"]["ip"]
    server, other = boot(sdk, image_id, "acts"), boot(sdk, image_id, "other")
    bare = boot(sdk, image_id, "bare", networks_value="none")

    def act(server_id, name, **value):
        return api("POST", f"/servers/{server_id}/action", version, json={name: value})
    assert fault(act(bare.id, "addFloatingIp", address=address), 400) == \
        "No fixed IPs associated to instance"
    assert fault(act(server.id, "addFloatingIp", address=address,
                     fixed_address="10.9.9.9"), 400) == \
        "Specified fixed address not assigned to instance"
    assert "address" in fault(act(server.id, "addFloatingIp", address="not-an-ip"), 400)
    assert fault(act(server.id, "addFloatingIp", address="203.0.113.99"), 404) == \
        "floating IP not found"
    fixed = addresses(sdk, server.id)["fixed"][0]
    assert act(server.id, "addFloatingIp", address=address,
               fixed_address=fixed).status_code == 202
    assert fault(act(other.id, "removeFloatingIp", address=address), 409) == \
        f"Floating IP {address} is not associated with instance {other.id}."
    assert fault(act(server.id, "removeFloatingIp", address="203.0.113.99"), 404) == \
        "floating IP not found"
    assert act(server.id, "removeFloatingIp", address=address).status_code == 202
    assert fault(act(server.id, "removeFloatingIp", address=address), 409)


def test_the_collection_answers_as_nova(cloud, tenant):
    sdk, _project = tenant
    api = Compute(cloud, sdk.session)
    assert fault(api("POST", "/os-floating-ips", "2.79", json={"pool": "nowhere"}),
                 404) == "Floating IP pool not found."
    assert "pool" in fault(api("POST", "/os-floating-ips", json={"pool": 5}), 400)
    missing = str(uuid.uuid4())
    assert fault(api("GET", f"/os-floating-ips/{missing}"), 404) == \
        f"Floating IP not found for ID {missing}"
    assert fault(api("DELETE", f"/os-floating-ips/{missing}"), 404)
    pools = api("GET", "/os-floating-ip-pools", "2.79").json()["floating_ip_pools"]
    assert all(set(pool) == {"name"} for pool in pools)
    # Nova over Neutron takes a pool's external network id for its name
    pool = make_pool(cloud, "203.0.113.80/31")
    by_id = api("POST", "/os-floating-ips", "2.35",
                json={"pool": pools_api.network_id(pool)})
    assert by_id.status_code == 200, by_id.text
    assert by_id.json()["floating_ip"]["pool"] == pool
    assert api("DELETE", f"/os-floating-ips/{by_id.json()['floating_ip']['id']}")\
        .status_code == 202


def _allocate_together(cloud, project, pool: str, count: int) -> list:
    """count allocations from the pool at once, each by a client of its own
    of the project. Each client's connection is opened beforehand, so that
    the requests meet in the allocation, not in the server's accept queue."""
    clients = [Compute(cloud, cloud.session(project.name, "pw", project.name))
               for _ in range(count)]
    for client in clients:
        assert client("GET", "/os-floating-ip-pools").status_code == 200
    barrier = threading.Barrier(count)

    def allocate(client):
        barrier.wait()
        return client("POST", "/os-floating-ips", json={"pool": pool})
    with concurrent.futures.ThreadPoolExecutor(count) as workers:
        return list(workers.map(allocate, clients))


def _set_floating_quota(cloud, project_id, limit):
    reply = Compute(cloud, cloud.session())(
        "PUT", f"/os-quota-sets/{project_id}", "2.35",
        json={"quota_set": {"floating_ips": limit}})
    assert reply.status_code == 200, reply.text


def test_twenty_parallel_allocations_with_room_for_five(cloud, tenant):
    sdk, project = tenant
    pool = make_pool(cloud, "198.51.100.64/27")   # 30 addresses
    _set_floating_quota(cloud, project.id, 5)
    api = Compute(cloud, sdk.session)
    replies = _allocate_together(cloud, project, pool, 20)
    won = [r.json()["floating_ip"]["ip"] for r in replies if r.status_code == 200]
    refused = [r for r in replies if r.status_code != 200]
    assert len(won) == len(set(won)) == 5
    assert {fault(r, 403) for r in refused} == {f"IP allocation over quota in pool "
                                                f"{pool}."}
    detail = api("GET", f"/os-quota-sets/{project.id}/detail", "2.35").json()
    assert detail["quota_set"]["floating_ips"]["in_use"] == 5
    absolute = api("GET", "/limits", "2.35").json()["limits"]["absolute"]
    assert (absolute["maxTotalFloatingIps"], absolute["totalFloatingIpsUsed"]) == (5, 5)
    assert "floating_ips" not in api("GET", f"/os-quota-sets/{project.id}",
                                     "2.36").json()["quota_set"]
    for held in api("GET", "/os-floating-ips").json()["floating_ips"]:
        assert api("DELETE", f"/os-floating-ips/{held['id']}").status_code == 202
    assert quotas.usages(project.id)["floating_ips"] == 0


def test_parallel_allocations_from_a_small_pool_get_distinct_addresses(cloud, tenant):
    _sdk, project = tenant
    pool = make_pool(cloud, "198.51.100.96/30")   # 2 addresses
    replies = _allocate_together(cloud, project, pool, 8)
    won = sorted(r.json()["floating_ip"]["ip"] for r in replies if r.status_code == 200)
    assert won == ["198.51.100.97", "198.51.100.98"]
    assert {fault(r, 404) for r in replies if r.status_code != 200} == {
        f"No more floating IPs in pool {pool}."}
    assert quotas.usages(project.id)["floating_ips"] == 2


@pytest.fixture
def auto_assign(cloud):
    """auto_assign_floating_ip on, from a pool of one address."""
    pool = make_pool(cloud, "198.51.100.120")
    cloud.conf.set_override("auto_assign_floating_ip", True)
    cloud.conf.set_override("default_floating_pool", pool)
    yield pool
    cloud.conf.clear_override("auto_assign_floating_ip")
    cloud.conf.clear_override("default_floating_pool")


def test_auto_assignment_and_an_exhausted_pool(cloud, tenant, image_id, auto_assign):
    sdk, project = tenant
    first = boot(sdk, image_id, "auto-1")
    assert addresses(sdk, first.id)["floating"] == ["198.51.100.120"]
    [held] = sdk.compute.get("/os-floating-ips").json()["floating_ips"]
    api = Compute(cloud, sdk.session)
    assert fault(api("DELETE", f"/os-floating-ips/{held['id']}"), 403) == \
        "Cannot disassociate auto assigned floating IP"
    assert quotas.usages(project.id).get("floating_ips", 0) == 0  # as nova-network

    server = sdk.compute.create_server(name="auto-2", image_id=image_id,
                                       flavor_id=sdk.compute.find_flavor("m1.tiny").id,
                                       networks="auto")
    failed = wait_status(sdk, server.id, "ERROR")
    assert failed.fault["message"] == f"No more floating IPs in pool {auto_assign}."
    assert networks.of_instances([server.id]) == []
    assert allocations.of_consumers(server.id) == []
    assert failed.addresses == {}
    assert quotas.usages(project.id).get("floating_ips", 0) == 0

    sdk.compute.delete_server(first)
    wait_gone(sdk, first.id)
    assert sdk.compute.get("/os-floating-ips").json()["floating_ips"] == []
    bulk = Compute(cloud, cloud.session())("GET", "/os-floating-ips-bulk").json()
    [entry] = [e for e in bulk["floating_ip_info"] if e["pool"] == auto_assign]
    assert (entry["project_id"], entry["fixed_ip"]) == (None, None)


def test_the_admins_bulk_api(cloud, tenant, image_id):
    admin = Compute(cloud, cloud.session())
    made = admin("POST", "/os-floating-ips-bulk", json={"floating_ips_bulk_create": {
        "ip_range": "192.0.2.0/30", "pool": "bulk", "interface": "eth1"}})
    assert made.json() == {"floating_ips_bulk_create": {
        "ip_range": "192.0.2.0/30", "pool": "bulk", "interface": "eth1"}}
    assert fault(admin("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "192.0.2.1"}}), 409) == \
        "Floating IP 192.0.2.1 already exists."
    assert fault(admin("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "192.0.2.0/99"}}), 400)
    listed = [e for e in admin("GET", "/os-floating-ips-bulk").json()["floating_ip_info"]
              if e["pool"] == "bulk"]
    assert listed == [{"address": a, "pool": "bulk", "interface": "eth1",
                       "project_id": None, "instance_uuid": None, "fixed_ip": None}
                      for a in ("192.0.2.1", "192.0.2.2")]

    sdk, project = tenant
    fip = sdk.create_floating_ip(network="bulk")
    server = boot(sdk, image_id, "bulk")
    sdk.compute.add_floating_ip_to_server(server, fip.floating_ip_address)
    host = networks.list_()[0].host
    served = admin("GET", f"/os-floating-ips-bulk/{host}").json()["floating_ip_info"]
    assert {"address": "192.0.2.1", "pool": "bulk", "interface": "eth1",
            "project_id": project.id, "instance_uuid": server.id,
            "fixed_ip": addresses(sdk, server.id)["fixed"][0]} in served
    assert fault(admin("GET", "/os-floating-ips-bulk/no-such-host"), 404)
    assert fault(admin("PUT", "/os-floating-ips-bulk/remove",
                       json={"ip_range": "192.0.2.0/30"}), 404) == "Unknown action"
    deleted = admin("PUT", "/os-floating-ips-bulk/delete",
                    json={"ip_range": "192.0.2.0/30"})
    assert deleted.json() == {"floating_ips_bulk_delete": "192.0.2.0/30"}
    assert addresses(sdk, server.id)["floating"] == []
    assert quotas.usages(project.id)["floating_ips"] == 0


def test_releasing_an_address_nobody_holds_is_404(cloud):
    """The admin sees every address, allocated or not; giving back one that
    no project holds is as giving back one that does not exist."""
    pool = make_pool(cloud, "203.0.113.60/31")
    [free] = [held for held in floating_ips.list_all() if held.row.pool == pool
              and held.row.address == "203.0.113.60"]
    admin = Compute(cloud, cloud.session())
    reply = admin("DELETE", f"/os-floating-ips/{free.row.uuid}")
    assert reply.status_code == 404, reply.text
