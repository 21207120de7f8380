"""os-hypervisors through openstacksdk, novaclient and raw HTTP."""
import uuid

from novaclient import client as nova_client

from onestack.db import compute_nodes

from tests.functional.compute_admin.support import fault

RESOURCES = {"vcpus": 4, "memory_mb": 2, "local_gb": 3, "current_workload": 1,
             "disk_available_least": 2}
USED = {"vcpus_used": 3, "memory_mb_used": 1, "local_gb_used": 1, "running_vms": 2}


def _named(response, hostname):
    return [h for h in response.json()["hypervisors"]
            if h["hypervisor_hostname"] == hostname]


def test_list_and_detail_per_microversion(admin, fixtures):
    host, service, node = fixtures.host(RESOURCES, USED)
    hostname = f"{host}.node"
    (basic,) = _named(admin("GET", "/os-hypervisors"), hostname)
    assert basic == {"id": node.id, "hypervisor_hostname": hostname, "state": "up",
                     "status": "enabled"}
    (old,) = _named(admin("GET", "/os-hypervisors/detail", "2.27"), hostname)
    assert old["cpu_info"] == '{"arch": "x86_64"}'
    assert old["service"] == {"id": service.id, "host": host, "disabled_reason": None}
    assert (old["free_ram_mb"], old["free_disk_gb"]) == (1, 2)
    assert {k: old[k] for k in RESOURCES} == RESOURCES
    assert {k: old[k] for k in USED} == USED
    assert (old["hypervisor_type"], old["hypervisor_version"], old["host_ip"]) == (
        "fake", 1000, "192.0.2.10")
    (new,) = _named(admin("GET", "/os-hypervisors/detail", "2.79"), hostname)
    assert new["id"] == node.uuid and new["service"]["id"] == service.uuid
    assert new["cpu_info"] == {"arch": "x86_64"} and "servers" not in new


def test_state_and_status_follow_the_compute_service(admin, fixtures):
    down, _, _ = fixtures.host(heartbeat=False)
    disabled, _, _ = fixtures.host(disabled=True)
    (first,) = _named(admin("GET", "/os-hypervisors"), f"{down}.node")
    (second,) = _named(admin("GET", "/os-hypervisors/detail"), f"{disabled}.node")
    assert (first["state"], first["status"]) == ("down", "enabled")
    assert (second["state"], second["status"]) == ("up", "disabled")
    assert second["service"]["disabled_reason"] == "test host"


def test_show_by_id_and_by_uuid(admin, fixtures):
    host, _, node = fixtures.host(RESOURCES)
    old = admin("GET", f"/os-hypervisors/{node.id}").json()["hypervisor"]
    new = admin("GET", f"/os-hypervisors/{node.uuid}", "2.53").json()["hypervisor"]
    assert old["hypervisor_hostname"] == new["hypervisor_hostname"] == f"{host}.node"
    assert (old["id"], new["id"]) == (node.id, node.uuid)
    assert "could not be found" in fault(admin("GET", f"/os-hypervisors/{node.uuid}"), 404)
    fault(admin("GET", "/os-hypervisors/99999999"), 404)
    assert fault(admin("GET", "/os-hypervisors/1", "2.53"), 400) == "Invalid uuid 1"
    fault(admin("GET", f"/os-hypervisors/{uuid.uuid4()}", "2.53"), 404)
    fault(admin("GET", f"/os-hypervisors/{node.uuid}?foo=1", "2.53"), 400)


def test_servers_of_a_hypervisor(admin, fixtures):
    host, _, node = fixtures.host()
    empty, _, empty_node = fixtures.host()
    project = uuid.uuid4().hex
    on_host = [fixtures.instance(project, host=host, display_name=f"srv{i}")
               for i in range(2)]
    fixtures.instance(project, host=host, deleted=True)
    wanted = sorted([{"name": r.display_name, "uuid": r.uuid} for r in on_host],
                    key=lambda s: s["name"])
    (listed,) = _named(admin("GET", f"/os-hypervisors/{host}.node/servers", "2.52"),
                       f"{host}.node")
    assert sorted(listed["servers"], key=lambda s: s["name"]) == wanted
    shown = admin("GET", f"/os-hypervisors/{node.uuid}?with_servers=true", "2.53")
    assert sorted(shown.json()["hypervisor"]["servers"], key=lambda s: s["name"]) == wanted
    (found,) = admin("GET", f"/os-hypervisors?hypervisor_hostname_pattern={host}"
                     "&with_servers=1", "2.79").json()["hypervisors"]
    assert found["id"] == node.uuid and len(found["servers"]) == 2
    (none,) = admin("GET", f"/os-hypervisors?hypervisor_hostname_pattern={empty}"
                    "&with_servers=yes", "2.75").json()["hypervisors"]
    assert none["servers"] == []
    (before,) = admin("GET", f"/os-hypervisors?hypervisor_hostname_pattern={empty}"
                      "&with_servers=yes", "2.74").json()["hypervisors"]
    assert "servers" not in before and before["id"] == empty_node.uuid
    fault(admin("GET", f"/os-hypervisors/{host}.node/servers", "2.53"), 404)


def test_search_and_pattern(admin, fixtures):
    host, _, node = fixtures.host()
    (found,) = admin("GET", f"/os-hypervisors/{host}/search").json()["hypervisors"]
    assert found == {"id": node.id, "hypervisor_hostname": f"{host}.node",
                     "state": "up", "status": "enabled"}
    assert "No hypervisor matching" in fault(
        admin("GET", "/os-hypervisors/no-such-node/search"), 404)
    fault(admin("GET", f"/os-hypervisors/{host}/search", "2.53"), 404)
    fault(admin("GET", "/os-hypervisors?hypervisor_hostname_pattern=no-such", "2.53"), 404)
    assert "Paging" in fault(admin("GET", f"/os-hypervisors?hypervisor_hostname_pattern="
                                          f"{host}&limit=1", "2.53"), 400)


def test_paging_from_233(admin, fixtures):
    for _ in range(3):
        fixtures.host()
    everything = admin("GET", "/os-hypervisors", "2.33").json()["hypervisors"]
    seen, path = [], "/os-hypervisors?limit=2"
    while True:
        page = admin("GET", path, "2.33").json()
        seen += page["hypervisors"]
        if "hypervisors_links" not in page:
            break
        (link,) = page["hypervisors_links"]
        assert link["rel"] == "next" and f"marker={seen[-1]['id']}" in link["href"]
        path = link["href"].split("/v2.1", 1)[1]
    assert seen == everything and len(seen) >= 3
    unpaged = admin("GET", "/os-hypervisors?limit=1", "2.32").json()
    assert "hypervisors_links" not in unpaged and len(unpaged["hypervisors"]) == len(seen)
    assert "marker" in fault(admin("GET", "/os-hypervisors?marker=nope", "2.33"), 400)
    fault(admin("GET", "/os-hypervisors?limit=-2", "2.33"), 400)
    fault(admin("GET", "/os-hypervisors?limit=x", "2.53"), 400)


def test_statistics_count_enabled_nodes(admin, fixtures):
    before = admin("GET", "/os-hypervisors/statistics").json()["hypervisor_statistics"]
    fixtures.host(RESOURCES, USED)
    fixtures.host(RESOURCES, USED, disabled=True)
    after = admin("GET", "/os-hypervisors/statistics").json()["hypervisor_statistics"]
    delta = {key: after[key] - before[key] for key in after}
    assert delta == {"count": 1, "vcpus": 4, "memory_mb": 2, "local_gb": 3,
                     "vcpus_used": 3, "memory_mb_used": 1, "local_gb_used": 1,
                     "free_ram_mb": 1, "free_disk_gb": 2, "current_workload": 1,
                     "running_vms": 2, "disk_available_least": 2}


def test_uptime(cloud, admin, fixtures):
    host, _, node = fixtures.host(heartbeat=False)
    message = fault(admin("GET", f"/os-hypervisors/{node.id}/uptime"), 400)
    assert host in message and "unavailable" in message
    fault(admin("GET", "/os-hypervisors/123456789/uptime"), 404)
    running = compute_nodes.get_by_host_node(cloud.conf.host)
    reply = admin("GET", f"/os-hypervisors/{running.uuid}/uptime", "2.53")
    assert reply.status_code == 200
    body = reply.json()["hypervisor"]
    assert body["hypervisor_hostname"] == running.hypervisor_hostname
    assert " up " in body["uptime"] and "load average:" in body["uptime"]


def test_sdk_and_novaclient(cloud, fixtures):
    host, _, node = fixtures.host(RESOURCES, USED)
    sdk = cloud.sdk()
    found = sdk.compute.find_hypervisor(f"{host}.node", ignore_missing=False)
    assert (found.id, found.vcpus, found.memory_used) == (node.uuid, 4, 1)
    assert sdk.compute.get_hypervisor(node.uuid).service_details["host"] == host
    names = [h.name for h in sdk.compute.hypervisors(details=True)]
    assert f"{host}.node" in names
    nova = nova_client.Client("2.1", session=cloud.session())
    assert nova.hypervisors.get(node.id).free_ram_mb == 1
    (searched,) = nova.hypervisors.search(host, servers=True)
    assert searched.id == node.id
    assert nova.hypervisor_stats.statistics().count >= 1


def test_members_are_refused(member, fixtures):
    _, _, node = fixtures.host()
    for path in ("/os-hypervisors", "/os-hypervisors/detail",
                 "/os-hypervisors/statistics", f"/os-hypervisors/{node.id}",
                 f"/os-hypervisors/{node.id}/uptime", "/os-hypervisors/x/search",
                 "/os-hypervisors/x/servers"):
        assert "os-hypervisors" in fault(member("GET", path), 403)
