"""Allocations and quotas stay exact under concurrency on all three database
engines; the schema at head is exactly the models; migration 0006 carries
the claims and user limits of an existing cloud over."""
import concurrent.futures
import json
import threading
import uuid

import pytest
import sqlalchemy
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from onestack.common import exceptions
from onestack.db import (allocations, compute_nodes, engine, instances, migration,
                         models, quotas, user_quotas)
from tests.support import services
from tests.support.cloud import load_config, write_config

FLAVOR = {"flavorid": "1", "name": "m1.tiny", "vcpus": 1, "memory_mb": 512,
          "root_gb": 1, "ephemeral_gb": 0, "swap": 0}
THREADS = 12


@pytest.fixture(params=["sqlite", "postgresql", "postgresql+psycopg", "mysql"])
def database(request, tmp_path):
    """A migrated database of the engine (PostgreSQL through psycopg2, and
    through psycopg 3), configured as the process's."""
    server = None
    extra = {}
    if request.param != "sqlite":
        request.applymarker(pytest.mark.services)
        engine_name, _, driver = request.param.partition("+")
        server = services.TemporaryDatabase(engine_name,
                                            request.param if driver else None)
        extra["database.connection"] = server.url
    conf = load_config(write_config(str(tmp_path / "state"), extra))
    engine.configure(conf)
    try:
        migration.sync()
        yield conf
    finally:
        engine.dispose_all()
        if server is not None:
            server.drop()


def together(function, count=THREADS, errors=(exceptions.OverQuota,)):
    """function(0..count-1) started at once; the errors are returned."""
    barrier = threading.Barrier(count)

    def call(index):
        barrier.wait()
        try:
            return function(index)
        except errors as error:
            return error

    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        return list(pool.map(call, range(count)))


def _row(user_id):
    return {"display_name": "vm", "project_id": "p1", "user_id": user_id,
            "flavor": json.dumps(FLAVOR), "memory_mb": 512, "vcpus": 1, "root_gb": 1,
            "vm_state": "building", "task_state": "scheduling", "reservation_id": "r"}


def test_a_user_limit_holds_under_parallel_boots(database):
    user_quotas.set_limits("p1", "u1", {"instances": 3})
    results = together(lambda _: instances.create_many(database, "p1", [_row("u1")],
                                                       {}, []))
    created = [r[0].uuid for r in results if isinstance(r, list)]
    assert len(created) == 3
    assert all("Requested 1, but already used 3 of 3 instances" in r.message
               for r in results if isinstance(r, exceptions.OverQuota))
    assert quotas.usages("p1")["instances"] == 3
    assert user_quotas.usages("p1", "u1")["instances"] == 3
    # another user of the project is held by the project's limit only
    assert instances.create_many(database, "p1", [_row("u2")], {}, [])
    # deleting twice at once gives the quota back once
    together(lambda _: instances.mark_deleted(created[0]), count=4)
    assert quotas.usages("p1")["instances"] == 3
    assert user_quotas.usages("p1", "u1")["instances"] == 2


def test_claims_and_releases_stay_exact(database):
    compute_nodes.report("h1", "h1", {"vcpus": 10, "memory_mb": 5120, "local_gb": 10,
                                      "hypervisor_type": "fake"})
    node = compute_nodes.get_by_host_node("h1")
    ratios = compute_nodes.Ratios(cpu=1.0, ram=1.0, disk=1.0)
    amounts = compute_nodes.resources_of(FLAVOR)
    consumers = [str(uuid.uuid4()) for _ in range(THREADS * 2)]
    won = together(lambda i: allocations.claim(consumers[i], node.id, amounts, ratios),
                   count=THREADS * 2)
    assert won.count(True) == 10
    holders = [c for c, w in zip(consumers, won) if w]
    released = together(lambda i: allocations.release(holders[i % 2]), count=THREADS)
    assert sum(released) == 2
    row = compute_nodes.get(node.id)
    assert (row.vcpus_used, row.memory_mb_used, row.local_gb_used, row.running_vms) == \
        (8, 4096, 8, 8)


def test_the_schema_at_head_is_the_models(database):
    with engine.get_engine().connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False})
        assert compare_metadata(context, models.Base.metadata) == []


def test_migration_0006_carries_claims_and_user_limits_over(database):
    bind = engine.get_engine()
    with bind.begin() as connection:
        command.downgrade(migration._alembic_config(connection), "0005")
    now = models.utcnow()
    with bind.begin() as connection:
        connection.execute(sqlalchemy.text(
            "INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, "
            "hypervisor_type, hypervisor_version, cpu_info, vcpus, memory_mb, local_gb, "
            "vcpus_used, memory_mb_used, local_gb_used, running_vms, current_workload, "
            "created_at) VALUES ('n1', 'h1', 'h1', 'fake', 1, '{}', 8, 8192, 100, "
            "1, 512, 1, 1, 0, :now)"), {"now": now})
        connection.execute(sqlalchemy.text(
            "INSERT INTO instances (uuid, display_name, project_id, user_id, flavor, "
            "memory_mb, vcpus, root_gb, ephemeral_gb, vm_state, power_state, host, "
            "node, config_drive, reservation_id, launch_index, locked, progress, "
            "quota_held, deleted, created_at) VALUES ('i1', 'vm', 'p1', 'u1', :flavor, "
            "512, 1, 1, 0, 'active', 1, 'h1', 'h1', :false, 'r', 0, :false, 0, :true, "
            ":false, :now)"),
            {"flavor": json.dumps(FLAVOR), "now": now, "false": False, "true": True})
        connection.execute(sqlalchemy.text(
            "INSERT INTO quota_limits (project_id, resource, hard_limit, created_at) "
            "VALUES ('p1/u1', 'instances', 4, :now), ('p1', 'instances', 9, :now)"),
            {"now": now})
    migration.sync()
    [held] = allocations.of_consumers("i1")
    assert (held.vcpus, held.memory_mb, held.disk_gb) == (1, 512, 1)
    assert user_quotas.overrides("p1", "u1") == {"instances": 4}
    assert quotas.limits(database, "p1")["instances"] == 9
    with engine.reader() as session:
        assert not session.scalars(sqlalchemy.select(models.QuotaLimit).where(
            models.QuotaLimit.project_id.like("%/%"))).all()
