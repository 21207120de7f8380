"""Fixed IPs and networks stay exact under concurrency on SQLite,
PostgreSQL and MariaDB: concurrent allocations on one network give
distinct addresses and the surplus gets NoMoreAddresses; concurrent
projects take distinct networks of the VLAN pool; concurrent network
creations hold to the `networks` quota."""
from onestack.common import exceptions
from onestack.db import networks, quotas
from onestack.network import api as network_api
from tests.integration import test_exact_on_engines as exact
from tests.integration.test_exact_on_engines import database

__all__ = ["database"]  # the fixture, for pytest
THREADS = 12


def together(function):
    return exact.together(function, THREADS, errors=(exceptions.OnestackError,))


def test_concurrent_allocations_give_distinct_addresses(database):
    # a /28 hands out 13 addresses; 2 of them reserved leave 11 for 12 takers
    network, = network_api.create_networks(database, "small", "10.0.0.0/28")
    networks.reserve("10.0.0.2")
    networks.reserve("10.0.0.9")
    results = together(lambda index: networks.allocate(network, f"vm-{index}", "p1"))
    held = [r.address for r in results if not isinstance(r, Exception)]
    failed = [r for r in results if isinstance(r, Exception)]
    assert len(held) == 11 and len(set(held)) == 11
    assert not {"10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.9", "10.0.0.15"} & set(held)
    assert len(failed) == 1 and isinstance(failed[0], networks.NoMoreAddresses)
    assert networks.count_held(network.id) == 13
    # releasing at once gives each address back once
    together(lambda index: networks.release_instance(f"vm-{index}"))
    assert networks.count_held(network.id) == 2


def test_concurrent_projects_take_distinct_networks_of_the_pool(database):
    database.set_override("network_manager", "VlanManager")
    network_api.create_networks(database, "pool", "10.0.0.0/24", num_networks=8,
                                network_size=32)
    results = together(lambda index: networks.associate_free_network(
        database, f"project-{index}"))
    given = [r for r in results if r is not None]
    assert len(given) == 8 and len({n.uuid for n in given}) == 8
    assert sorted(n.project_id for n in networks.list_()) == sorted(
        n.project_id for n in given)
    assert sum(quotas.usages(f"project-{i}").get("networks", 0)
               for i in range(THREADS)) == 8


def test_concurrent_creations_hold_to_the_networks_quota(database):
    quotas.set_limits("p1", {"networks": 3})
    results = together(lambda index: network_api.create_networks(
        database, f"n{index}", f"10.{index}.0.0/24", project_id="p1"))
    made = [r for r in results if isinstance(r, list)]
    assert len(made) == 3
    assert all(isinstance(r, exceptions.OverQuota) for r in results
               if not isinstance(r, list))
    assert len(networks.list_(project_id="p1", shared_too=False)) == 3
    assert quotas.usages("p1")["networks"] == 3


def test_concurrent_first_boots_of_a_project_take_one_network(database):
    database.set_override("network_manager", "VlanManager")
    network_api.create_networks(database, "pool", "10.0.0.0/24", num_networks=8,
                                network_size=32)
    results = together(lambda _: networks.associate_free_network(database, "p1"))
    assert len({network.uuid for network in results}) == 1
    assert len(networks.list_(project_id="p1", shared_too=False)) == 1
    assert quotas.usages("p1")["networks"] == 1
