"""Floating IPs on SQLite, PostgreSQL and MariaDB: parallel allocations from
one pool get distinct addresses and the quota stays exact; a release counts
once; deleting a fixed IP disassociates its floating IP (ON DELETE SET
NULL), and an auto-assigned one goes back with its instance."""
import uuid

import pytest

from onestack.common import exceptions
from onestack.db import floating_ips, networks, quotas
from onestack.network import api as network_api
from tests.integration.test_exact_on_engines import database, together  # noqa: F401


def _pool(count: int, pool: str = "nova") -> None:
    floating_ips.create_range([f"203.0.113.{i}" for i in range(1, count + 1)], pool,
                              "eth0")


def _attempt(function):
    def call(index):
        try:
            return function(index)
        except floating_ips.NoMoreFloatingIps as error:
            return error
    return call


def test_parallel_allocations_from_one_pool_get_distinct_addresses(database):
    _pool(8)
    projects = ["p1", "p2", "p3"]
    results = together(_attempt(lambda i: floating_ips.allocate(
        database, projects[i % 3], "nova")), count=24)
    rows = [r for r in results if not isinstance(r, Exception)]
    assert len({row.address for row in rows}) == len(rows) == 8
    assert all(isinstance(r, floating_ips.NoMoreFloatingIps) for r in results
               if r not in rows)
    assert sum(quotas.usages(p).get("floating_ips", 0) for p in projects) == 8
    held = {p: {h.row.address for h in floating_ips.of_project(p)} for p in projects}
    assert sum(map(len, held.values())) == 8


def test_the_quota_holds_under_parallel_allocations(database):
    _pool(20)
    quotas.set_limits("p1", {"floating_ips": 5})
    results = together(lambda _: floating_ips.allocate(database, "p1", "nova"))
    assert len([r for r in results if not isinstance(r, Exception)]) == 5
    assert quotas.usages("p1")["floating_ips"] == 5
    assert len(floating_ips.of_project("p1")) == 5


def test_a_release_counts_once(database):
    _pool(2)
    row = floating_ips.allocate(database, "p1", "nova")
    released = together(lambda _: floating_ips.release(row.id, "p1"), count=6)
    assert released.count(True) == 1
    assert quotas.usages("p1")["floating_ips"] == 0


def test_deleting_a_fixed_ip_disassociates_its_floating_ips(database):
    _pool(3)
    [network] = network_api.create_networks(database, "private", "10.0.0.0/24")
    instance, other = str(uuid.uuid4()), str(uuid.uuid4())
    fixed = networks.allocate(network, instance, "p1")
    auto_fixed = networks.allocate(network, other, "p1")
    row = floating_ips.allocate(database, "p1", "nova")
    floating_ips.associate(row.id, "p1", fixed.id)
    floating_ips.auto_assign("p1", "nova", auto_fixed.id)
    assert len(floating_ips.by_fixed_ip(None)) == 2
    networks.release_instance(instance)
    networks.release_instance(other)
    assert floating_ips.by_fixed_ip(None) == {}
    [mine, auto] = floating_ips.of_project("p1")
    assert (mine.row.project_id, mine.row.fixed_ip_id) == ("p1", None)
    assert auto.row.auto_assigned
    assert floating_ips.release_auto_assigned(other) == 1
    assert [h.row.address for h in floating_ips.of_project("p1")] == [mine.row.address]
    with pytest.raises(exceptions.Conflict):
        floating_ips.associate(row.id, "p1", fixed.id)   # the fixed IP is gone


def test_parallel_auto_assignments_get_distinct_addresses(database):
    _pool(4)
    [network] = network_api.create_networks(database, "private", "10.0.0.0/24")
    fixed = [networks.allocate(network, str(uuid.uuid4()), "p1") for _ in range(8)]
    results = together(_attempt(lambda i: floating_ips.auto_assign(
        "p1", "nova", fixed[i].id)), count=8)
    rows = [r for r in results if not isinstance(r, Exception)]
    assert len({row.address for row in rows}) == len(rows) == 4
    assert len(floating_ips.by_fixed_ip(None)) == 4
    assert quotas.usages("p1").get("floating_ips", 0) == 0
