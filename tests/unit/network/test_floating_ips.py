"""Floating IPs on a real SQLite database: ranges, allocation under the
quota, association (and moves) with fixed IPs, auto-assignment, and the
associations the network hosts are handed."""
import types
import uuid

import pytest

from onestack.common import exceptions
from onestack.common.context import RequestContext
from onestack.db import floating_ips as floating_db
from onestack.db import networks, quotas
from onestack.network import api as network_api
from onestack.network import floating_ips

CTX = RequestContext(user_id="u1", project_id="p1", roles=["member"])
OTHER = RequestContext(user_id="u2", project_id="p2", roles=["member"])


@pytest.fixture
def cloud(database, refreshes):
    """Network `private` and the seed's pool nova (68.99.26.170/31)."""
    network_api.create_networks(database, "private", "10.0.0.0/24")
    floating_ips.create_range(database, CTX, "68.99.26.170/31", "nova")
    return database


def server(project_id="p1", network_label="private", count=1):
    """An instance of the project holding `count` fixed IPs."""
    network = next(n for n in networks.list_() if n.label == network_label)
    instance = types.SimpleNamespace(uuid=str(uuid.uuid4()), project_id=project_id)
    for index in range(count):
        networks.allocate(network, instance.uuid, project_id, interface_index=index)
    return instance


def used(project_id="p1") -> int:
    return quotas.usages(project_id).get("floating_ips", 0)


@pytest.mark.parametrize("ip_range, expected", [
    ("68.99.26.170", ["68.99.26.170"]),
    ("68.99.26.170/31", ["68.99.26.170", "68.99.26.171"]),
    ("68.99.26.170/32", ["68.99.26.170"]),
    ("68.99.26.168/30", ["68.99.26.169", "68.99.26.170"]),
])
def test_a_range_is_the_addresses_nova_manage_made_of_it(ip_range, expected):
    assert floating_ips.addresses_in_range(ip_range) == expected


def test_a_large_range_leaves_out_its_network_and_broadcast_addresses():
    addresses = floating_ips.addresses_in_range("192.0.2.0/24")
    assert len(addresses) == 254 and addresses[0] == "192.0.2.1"
    assert addresses[-1] == "192.0.2.254"


@pytest.mark.parametrize("ip_range", ["bogus", "10.0.0.0/33", "10.0.0.0/8", "::1/128",
                                      ""])
def test_a_bad_range_is_refused(ip_range):
    with pytest.raises(exceptions.BadRequest):
        floating_ips.addresses_in_range(ip_range)


def test_a_range_is_created_whole_or_not_at_all(cloud):
    with pytest.raises(exceptions.Conflict, match="68.99.26.170 already exists"):
        floating_ips.create_range(cloud, CTX, "68.99.26.168/29", "nova")
    assert [h.row.address for h in floating_ips.list_all()] == [
        "68.99.26.170", "68.99.26.171"]
    made = floating_ips.create_range(cloud, CTX, "203.0.113.8/30", "public", "eth1")
    assert made == {"ip_range": "203.0.113.8/30", "pool": "public",
                    "interface": "eth1", "count": 2}
    assert floating_ips.pools() == ["nova", "public"]


def test_an_interface_name_that_could_not_be_one_is_refused(cloud):
    for name in ("eth0;reboot", "a" * 16, "-x"):
        with pytest.raises(exceptions.BadRequest, match="Invalid interface"):
            floating_ips.create_range(cloud, CTX, "203.0.113.1", "nova", name)


def test_allocation_takes_the_lowest_free_address_and_one_quota(cloud, refreshes):
    first = floating_ips.allocate(cloud, CTX)
    second = floating_ips.allocate(cloud, OTHER, "nova")
    assert (first.row.address, second.row.address) == ("68.99.26.170", "68.99.26.171")
    assert (used("p1"), used("p2")) == (1, 1)
    assert len(refreshes) >= 2


@pytest.mark.parametrize("quota, error, named, unnamed", [
    (10, floating_db.NoMoreFloatingIps, "No more floating IPs in pool nova.",
     "No more floating IPs available."),
    (2, exceptions.OverQuota, "IP allocation over quota in pool nova.",
     "IP allocation over quota.")])
def test_a_full_pool_is_404_and_a_full_quota_403_with_novas_messages(
        cloud, quota, error, named, unnamed):
    cloud.set_override("floating_ips", quota, group="quota")
    floating_ips.allocate(cloud, CTX)
    floating_ips.allocate(cloud, CTX)
    with pytest.raises(error) as refused:
        floating_ips.allocate(cloud, CTX, "nova")
    assert refused.value.message == named
    with pytest.raises(error) as refused:
        floating_ips.allocate(cloud, CTX)
    assert refused.value.message == unnamed
    assert used() == 2


def test_an_unknown_pool_is_404(cloud):
    with pytest.raises(exceptions.NotFound, match="Floating IP pool not found"):
        floating_ips.allocate(cloud, CTX, "nowhere")


def test_release_gives_the_address_and_the_quota_back_once(cloud):
    held = floating_ips.allocate(cloud, CTX)
    floating_ips.release(CTX, held)
    assert used() == 0
    assert floating_db.get(held.row.uuid).row.project_id is None
    with pytest.raises(exceptions.NotFound):
        floating_ips.release(CTX, held)
    assert used() == 0


def test_another_projects_floating_ip_is_not_found(cloud):
    held = floating_ips.allocate(cloud, CTX)
    with pytest.raises(exceptions.NotFound, match="Floating IP not found for ID"):
        floating_ips.get(OTHER, held.row.uuid)
    theirs = server("p2")
    with pytest.raises(exceptions.NotFound, match="floating IP not found"):
        floating_ips.associate(OTHER, theirs, held.row.address)
    admin = RequestContext(user_id="a", project_id="admin", roles=["admin"],
                           is_admin=True)
    assert floating_ips.get(admin, held.row.uuid).row.address == held.row.address
    assert floating_ips.of_project(OTHER) == []


def test_a_floating_ip_associates_moves_and_disassociates(cloud, refreshes):
    address = floating_ips.allocate(cloud, CTX).row.address
    one, two = server(), server(count=2)
    floating_ips.associate(CTX, one, address)
    assert _holder(address) == (one.uuid, "10.0.0.2")
    second_fixed = networks.of_instances([two.uuid])[1].address
    floating_ips.associate(CTX, two, address, fixed_address=second_fixed)
    assert _holder(address) == (two.uuid, second_fixed)
    before = len(refreshes)
    floating_ips.associate(CTX, two, address, fixed_address=second_fixed)  # no change
    assert len(refreshes) == before
    with pytest.raises(exceptions.Conflict, match="is not associated with instance"):
        floating_ips.disassociate(CTX, one, address)
    floating_ips.disassociate(CTX, two, address)
    assert _holder(address) == (None, None)
    with pytest.raises(exceptions.Conflict):
        floating_ips.disassociate(CTX, two, address)


def _holder(address):
    held = floating_db.get_by_address(address, "p1")
    return held.instance_uuid, held.fixed_address


def test_association_needs_a_fixed_ip_of_the_server(cloud):
    address = floating_ips.allocate(cloud, CTX).row.address
    bare = types.SimpleNamespace(uuid=str(uuid.uuid4()), project_id="p1")
    with pytest.raises(exceptions.BadRequest, match="No fixed IPs"):
        floating_ips.associate(CTX, bare, address)
    with pytest.raises(exceptions.BadRequest, match="not assigned to instance"):
        floating_ips.associate(CTX, server(), address, fixed_address="10.0.0.200")


def test_releasing_an_associated_floating_ip_disassociates_it(cloud):
    held = floating_ips.allocate(cloud, CTX)
    floating_ips.associate(CTX, server(), held.row.address)
    floating_ips.release(CTX, floating_db.get(held.row.uuid))
    row = floating_db.get(held.row.uuid).row
    assert (row.project_id, row.fixed_ip_id, used()) == (None, None, 0)


def test_releasing_a_servers_fixed_ips_disassociates_its_floating_ip(cloud):
    held = floating_ips.allocate(cloud, CTX)
    instance = server()
    floating_ips.associate(CTX, instance, held.row.address)
    network_api.deallocate_for_instance(cloud, CTX, instance.uuid)
    after = floating_db.get(held.row.uuid)
    assert (after.row.project_id, after.row.fixed_ip_id, after.instance_uuid) == \
        ("p1", None, None)
    assert used() == 1


def test_auto_assignment_gives_the_first_fixed_ip_an_address_outside_the_quota(cloud):
    cloud.set_override("auto_assign_floating_ip", True)
    instance = server(count=2)
    floating_ips.auto_assign(cloud, CTX, instance)
    floating_ips.auto_assign(cloud, CTX, instance)   # a repeated build: no second
    [held] = floating_ips.of_project(CTX)
    assert (held.instance_uuid, held.fixed_address, held.row.auto_assigned) == \
        (instance.uuid, "10.0.0.2", True)
    assert used() == 0
    for change in (lambda: floating_ips.release(CTX, held),
                   lambda: floating_ips.disassociate(CTX, instance, held.row.address),
                   lambda: floating_ips.associate(CTX, server(), held.row.address)):
        with pytest.raises(exceptions.Forbidden, match="auto assigned"):
            change()
    floating_ips.release_auto_assigned(CTX, instance.uuid)
    floating_ips.release_auto_assigned(CTX, instance.uuid)
    assert floating_ips.of_project(CTX) == []


def test_auto_assignment_is_off_by_default_and_fails_on_an_exhausted_pool(cloud):
    floating_ips.auto_assign(cloud, CTX, server())
    assert floating_ips.of_project(CTX) == []
    cloud.set_override("auto_assign_floating_ip", True)
    floating_ips.auto_assign(cloud, CTX, server())
    floating_ips.auto_assign(cloud, CTX, server())
    with pytest.raises(floating_db.NoMoreFloatingIps, match="pool nova"):
        floating_ips.auto_assign(cloud, CTX, server())
    cloud.set_override("default_floating_pool", "gone")
    with pytest.raises(exceptions.NotFound, match="pool gone not found"):
        floating_ips.auto_assign(cloud, CTX, server())


def test_an_auto_assigned_address_whose_fixed_ip_went_is_released_too(cloud):
    cloud.set_override("auto_assign_floating_ip", True)
    gone = server()
    floating_ips.auto_assign(cloud, CTX, gone)
    networks.release_instance(gone.uuid)   # as deleting its record does
    floating_ips.release_auto_assigned(CTX, str(uuid.uuid4()))
    assert floating_ips.of_project(CTX) == []


def test_deleting_a_range_deletes_allocated_addresses_and_gives_quota_back(cloud):
    mine = floating_ips.allocate(cloud, CTX)
    floating_ips.associate(CTX, server(), mine.row.address)
    floating_ips.allocate(cloud, OTHER)
    assert floating_ips.delete_range(CTX, "68.99.26.170/31") == 2
    assert (used("p1"), used("p2")) == (0, 0)
    assert floating_ips.list_all() == [] and floating_ips.pools() == []
    assert floating_ips.delete_range(CTX, "68.99.26.170/31") == 0


def test_the_host_state_gets_each_association_with_its_host(cloud):
    network_api.create_networks(cloud, "multi", "10.1.0.0/24", multi_host=True)
    served = networks.list_()[0]
    networks.update_network(served.uuid, host="net-1")
    multi = networks.list_()[1]
    on_host = types.SimpleNamespace(uuid=str(uuid.uuid4()), project_id="p1")
    networks.allocate(multi, on_host.uuid, "p1", host="compute-7")
    first = floating_ips.allocate(cloud, CTX).row.address
    second = floating_ips.allocate(cloud, CTX).row.address
    flat = server()
    floating_ips.associate(CTX, flat, first)
    floating_ips.associate(CTX, on_host, second)
    cloud.set_override("public_interface", "")
    wanted = floating_ips.associations_for_host_state(cloud)
    assert wanted == [
        floating_ips.Association(first, "10.0.0.2", "eth0", "net-1", flat.uuid,
                                 served.uuid),
        floating_ips.Association(second, "10.1.0.2", "eth0", "compute-7",
                                 on_host.uuid, multi.uuid)]
    cloud.set_override("public_interface", "vlan100")
    [only] = floating_ips.associations_for_host_state(cloud, host="compute-7")
    assert (only.address, only.interface) == (second, "vlan100")
    assert [h.row.address for h in floating_ips.list_all("net-1")] == [first]
