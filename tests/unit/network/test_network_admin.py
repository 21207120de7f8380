"""The admin's side of networks on a real SQLite database: creating them
(all or none, VLAN ids and bridges as the manager gives them), associating
them with projects within the `networks` quota, releasing them (project
scrub), deleting them, and reserving fixed IPs."""
import pytest

from onestack.common import exceptions
from onestack.common.context import RequestContext
from onestack.db import networks, quotas
from onestack.network import api as network_api
from tests.unit.scheduler.factories import boot

P1 = RequestContext(user_id="u1", project_id="p1", roles=["member"])
ADMIN = RequestContext(user_id="a", project_id="admin", roles=["admin"], is_admin=True)


@pytest.fixture
def vlan(database):
    database.set_override("network_manager", "VlanManager")
    database.set_override("vlan_start", 100)
    return database


def usage(project_id="p1") -> int:
    return quotas.usages(project_id).get("networks", 0)


def test_several_networks_are_cut_from_a_range_with_their_own_vlans(vlan, refreshes):
    networks.create({"label": "taken", "cidr": "10.9.0.0/24", "bridge": "br101",
                     "vlan": 101})
    made = network_api.create_networks(vlan, "pool", "10.0.0.0/24", num_networks=3,
                                       network_size=64, ctx=ADMIN)
    assert [(n.label, n.cidr, n.vlan, n.bridge) for n in made] == [
        ("pool_0", "10.0.0.0/26", 100, "br100"), ("pool_1", "10.0.0.64/26", 102, "br102"),
        ("pool_2", "10.0.0.128/26", 103, "br103")]
    assert refreshes == [None]


@pytest.mark.parametrize("kwargs, message", [
    ({"vlan": 4094, "num_networks": 2, "network_size": 64}, "4094 to 4095"),
    ({"vlan": 0}, "0 to 0"),
    ({"bridge": "br;reboot"}, "Invalid bridge"),
    ({"bridge_interface": "-eth0"}, "Invalid bridge_interface"),
    ({"bridge": "brx", "num_networks": 2, "network_size": 64}, "bridge for one network"),
    ({"mtu": 40}, "Invalid mtu 40"),
    ({"dns1": "8.8.8"}, "Invalid dns"),
    ({"gateway": "10.0.1.1"}, "is not in 10.0.0.0/24"),
    ({"fixed_cidr": "10.0.1.0/28"}, "is not within"),
])
def test_bad_networks_are_refused_and_none_is_made(vlan, kwargs, message):
    with pytest.raises(exceptions.BadRequest, match=message):
        network_api.create_networks(vlan, "bad", "10.0.0.0/24", **kwargs)
    assert networks.list_() == []


def test_the_flat_managers_have_no_vlans(database):
    with pytest.raises(exceptions.BadRequest, match="VLANs are for VlanManager"):
        network_api.create_networks(database, "x", "10.0.0.0/24", vlan=5)
    made, = network_api.create_networks(database, "x", "10.0.0.0/24")
    assert (made.vlan, made.bridge) == (None, "br100")


def test_a_vlan_in_use_fails_the_whole_creation(vlan):
    networks.create({"label": "taken", "cidr": "10.9.0.0/24", "bridge": "br101",
                     "vlan": 101})
    with pytest.raises(exceptions.Conflict, match="VLAN"):
        network_api.create_networks(vlan, "two", "10.0.0.0/24", num_networks=2,
                                    network_size=64, vlan=100)
    assert [n.label for n in networks.list_()] == ["taken"]


def test_networks_made_for_a_project_count_against_its_quota(database):
    quotas.set_limits("p1", {"networks": 2})
    network_api.create_networks(database, "a", "10.0.0.0/24", project_id="p1")
    with pytest.raises(exceptions.OverQuota, match="networks"):
        network_api.create_networks(database, "b", "10.0.1.0/24", num_networks=2,
                                    network_size=128, project_id="p1")
    assert usage() == 1 and len(networks.list_()) == 1
    network_api.create_networks(database, "c", "10.0.2.0/24", project_id="p1")
    assert usage() == 2


def test_association_is_counted_and_refused_for_another_projects_network(database):
    shared, = network_api.create_networks(database, "s", "10.0.0.0/24")
    networks.associate_project(database, shared.uuid, "p1")
    assert networks.associate_project(database, shared.uuid, "p1").project_id == "p1"
    assert usage() == 1
    with pytest.raises(exceptions.Conflict, match="associated with project p1"):
        networks.associate_project(database, shared.uuid, "p2")
    networks.disassociate(shared.uuid, project=True, host=False)
    assert usage() == 0 and networks.get(shared.uuid).project_id is None


def test_a_network_in_use_by_other_projects_is_not_given_to_one(database):
    shared, = network_api.create_networks(database, "s", "10.0.0.0/24")
    networks.allocate(shared, "instance-of-p2", "p2")
    with pytest.raises(exceptions.Conflict, match="other projects"):
        networks.associate_project(database, shared.uuid, "p1")
    assert usage() == 0


def test_the_vlan_pool_gives_each_project_its_own_network(vlan):
    network_api.create_networks(vlan, "pool", "10.0.0.0/24", num_networks=2,
                                network_size=128)
    first = networks.associate_free_network(vlan, "p1")
    second = networks.associate_free_network(vlan, "p2")
    assert first.uuid != second.uuid and (first.project_id, second.project_id) == (
        "p1", "p2")
    assert networks.associate_free_network(vlan, "p3") is None
    assert usage("p3") == 0


def test_only_the_admin_and_the_owner_see_a_project_network(vlan):
    pool, own = network_api.create_networks(vlan, "pool", "10.0.0.0/24",
                                            num_networks=2, network_size=128)
    networks.associate_project(vlan, own.uuid, "p1")
    assert [n.uuid for n in network_api.visible_networks(vlan, P1)] == [own.uuid]
    assert len(network_api.visible_networks(vlan, ADMIN)) == 2
    other = RequestContext(user_id="u2", project_id="p2", roles=["member"])
    for ctx, uuid in ((other, own.uuid), (P1, pool.uuid)):
        with pytest.raises(exceptions.NotFound):
            network_api.get_network(vlan, ctx, uuid)
    vlan.set_override("network_manager", "FlatDHCPManager")
    assert network_api.get_network(vlan, P1, pool.uuid).uuid == pool.uuid


def test_scrub_releases_every_network_of_the_project_or_none(database, refreshes):
    one, two = network_api.create_networks(database, "p1net", "10.0.0.0/24",
                                           num_networks=2, network_size=128,
                                           project_id="p1")
    networks.update_network(two.uuid, host="net-1")
    instance = boot(database)[0]
    held = networks.allocate(networks.get(two.uuid), instance, "p1")
    with pytest.raises(exceptions.Conflict, match="1 addresses in use"):
        network_api.scrub_project("p1", ADMIN)
    assert {n.project_id for n in networks.list_()} == {"p1"} and usage() == 2
    networks.release_instance(held.instance_uuid)
    released = network_api.scrub_project("p1", ADMIN)
    assert {n.uuid for n in released} == {one.uuid, two.uuid}
    assert {(n.project_id, n.host) for n in networks.list_()} == {(None, None)}
    assert usage() == 0 and refreshes == [None]   # the scrub without ctx: none
    assert network_api.scrub_project("p1") == []


def test_an_associated_network_is_deleted_after_the_scrub(database):
    made, = network_api.create_networks(database, "p1net", "10.0.0.0/24",
                                        project_id="p1")
    with pytest.raises(exceptions.Conflict,
                       match="onestack-manage project scrub --project p1"):
        network_api.delete_network(None, made.uuid)
    network_api.scrub_project("p1")
    networks.reserve("10.0.0.9")
    network_api.delete_network(None, made.uuid)
    assert networks.list_() == [] and networks.held() == []


def test_a_project_deletes_its_network_and_gets_its_quota_back(database, refreshes):
    made, = network_api.create_networks(database, "own", "10.0.0.0/24",
                                        project_id="p1")
    with pytest.raises(exceptions.NotFound):
        networks.delete_project_network(made.uuid, "p2")
    network_api.delete_project_network(P1, made)
    assert networks.list_() == [] and usage() == 0


def test_host_association(database):
    made, = network_api.create_networks(database, "n", "10.0.0.0/24",
                                        project_id="p1")
    network_api.associate_host(None, made.uuid, "net-2")
    assert networks.get(made.uuid).host == "net-2"
    network_api.disassociate(None, made.uuid, project=False, host=True)
    assert (networks.get(made.uuid).host, networks.get(made.uuid).project_id) == (
        None, "p1")
    with pytest.raises(exceptions.NotFound):
        network_api.associate_host(None, "no-such-network", "net-2")


def test_adding_any_free_network_is_for_the_vlan_pool(database):
    network_api.create_networks(database, "shared", "10.0.0.0/24")
    with pytest.raises(exceptions.BadRequest, match="name the network"):
        network_api.add_to_project(database, ADMIN, "p1", None)
    with pytest.raises(exceptions.BadRequest, match="could not be found"):
        network_api.add_to_project(database, ADMIN, "p1", "no-such-network")


def test_fixed_ip_views_and_reservations(database):
    network_api.create_networks(database, "n", "10.0.0.0/29")
    instance = boot(database)[0]
    held = networks.allocate(networks.list_()[0], instance, "p1")
    assert network_api.fixed_ip(held.address) == {
        "address": "10.0.0.2", "cidr": "10.0.0.0/29", "hostname": None, "host": None,
        "reserved": False}
    network_api.reserve_fixed_ip("10.0.0.3")
    network_api.reserve_fixed_ip("10.0.0.3")
    network_api.reserve_fixed_ip("10.0.0.1")   # the gateway is never handed out
    assert network_api.fixed_ip("10.0.0.3")["reserved"] is True
    assert [(row[0].address, row[0].reserved) for row in networks.held()] == [
        ("10.0.0.2", False), ("10.0.0.3", True)]
    assert networks.allocate(networks.list_()[0], "another", "p1").address == "10.0.0.4"
    with pytest.raises(exceptions.Conflict, match="held by instance"):
        network_api.reserve_fixed_ip("10.0.0.2")
    network_api.reserve_fixed_ip("10.0.0.3", reserved=False)
    assert network_api.fixed_ip("10.0.0.3")["reserved"] is False
    for address, error in (("10.1.0.1", exceptions.NotFound),
                           ("2001:db8::1", exceptions.NotFound),
                           ("10.0.0", exceptions.BadRequest)):
        with pytest.raises(error):
            network_api.fixed_ip(address)


def test_the_pool_skips_a_network_other_projects_use(vlan):
    used, free = network_api.create_networks(vlan, "pool", "10.0.0.0/24",
                                             num_networks=2, network_size=128)
    networks.allocate(used, "instance-of-p2", "p2")
    assert networks.associate_free_network(vlan, "p1").uuid == free.uuid


def test_bootstrap_makes_the_default_pool_once(database):
    from onestack.db import floating_ips
    from onestack.network import floating_ips as floating_api
    database.set_override("floating_range", "172.24.4.0/29")
    made = floating_api.ensure_default_pool(database)
    assert (made["pool"], made["count"]) == ("nova", 6)
    assert floating_api.ensure_default_pool(database) is None   # there are some now
    assert sorted(held.row.address for held in floating_ips.list_all()) == [
        f"172.24.4.{last}" for last in range(1, 7)]
    database.set_override("floating_range", "")
    floating_ips.delete_range([f"172.24.4.{last}" for last in range(1, 7)])
    assert floating_api.ensure_default_pool(database) is None
