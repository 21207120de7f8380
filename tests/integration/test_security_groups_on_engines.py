"""Security groups stay exact under concurrency on SQLite, PostgreSQL and
MariaDB: one default group however many requests make it at once, group
and per-group rule quotas that hold, names that stay unique, and a group
that is either deleted or in use, never both."""
import concurrent.futures
import threading
import uuid

from onestack.common import exceptions
from onestack.db import instances, quotas
from onestack.db import security_groups as group_db
from onestack.network.security_groups import default_rules, rule_values
from tests.integration.test_exact_on_engines import _row, database  # noqa: F401

THREADS = 12


def at_once(function, count=THREADS) -> list:
    """function(index) in count threads released together; each result, or
    the OnestackError it raised."""
    barrier = threading.Barrier(count)

    def call(index):
        barrier.wait()
        try:
            return function(index)
        except exceptions.OnestackError as error:
            return error

    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        return list(pool.map(call, range(count)))


def _errors(results, kind) -> list[str]:
    return [r.message for r in results if isinstance(r, kind)]


def test_the_default_group_is_made_once(database):
    made = at_once(lambda _: group_db.ensure_default("p1", "u1", default_rules()))
    assert len({group.uuid for group in made}) == 1
    [default] = group_db.list_groups("p1")
    rules = group_db.rules_of([default.id])[default.id]    # made once: Neutron's 4
    assert sorted((r.direction, r.ethertype, r.remote_group_id) for r in rules) == [
        ("egress", "IPv4", None), ("egress", "IPv6", None),
        ("ingress", "IPv4", default.id), ("ingress", "IPv6", default.id)]
    assert quotas.usages("p1")["security_groups"] == 1


def test_the_group_quota_holds(database):
    quotas.set_limits("p1", {"security_groups": 5})
    group_db.ensure_default("p1", "u1", default_rules())
    results = at_once(lambda i: group_db.create_group(database, "p1", "u1",
                                                      f"g{i}", ""))
    errors = _errors(results, exceptions.OverQuota)
    assert len(errors) == THREADS - 4
    assert all("already used 5 of 5 security_groups" in e for e in errors)
    assert len(group_db.list_groups("p1")) == 5
    assert quotas.usages("p1")["security_groups"] == 5


def test_a_name_is_taken_once(database):
    results = at_once(lambda _: group_db.create_group(database, "p1", "u1", "web", ""))
    assert _errors(results, exceptions.BadRequest) == \
        ["Security group web already exists"] * (THREADS - 1)
    assert quotas.usages("p1")["security_groups"] == 1


def test_the_rule_quota_holds_per_group(database):
    quotas.set_limits("p1", {"security_group_rules": 3})
    first = group_db.create_group(database, "p1", "u1", "first", "")
    second = group_db.create_group(database, "p1", "u1", "second", "")
    results = at_once(lambda i: group_db.create_rule(
        database, (first, second)[i % 2].id, rule_values("tcp", i + 1, i + 1)))
    assert len(_errors(results, exceptions.OverQuota)) == THREADS - 6
    rules = group_db.rules_of([first.id, second.id])
    assert [len(rules[first.id]), len(rules[second.id])] == [3, 3]


def test_the_same_rule_is_added_once(database):
    group = group_db.create_group(database, "p1", "u1", "web", "")
    results = at_once(lambda _: group_db.create_rule(
        database, group.id, rule_values("tcp", 22, 22, "0.0.0.0/0")))
    assert len(_errors(results, exceptions.BadRequest)) == THREADS - 1
    assert len(group_db.rules_of([group.id])[group.id]) == 1


def test_a_group_is_deleted_or_in_use_never_both(database):
    for attempt in range(6):
        group = group_db.create_group(database, "p1", "u1", f"race{attempt}", "")
        consumer = str(uuid.uuid4())
        results = at_once(lambda i: group_db.bind([consumer], [group.id]) if i % 2
                          else group_db.delete_group(group.uuid), count=2)
        bound = group_db.groups_of([consumer])[consumer]
        try:
            group_db.get_group(group.uuid)
        except exceptions.NotFound:
            assert bound == [] and results[1] == 0   # deleted first: nothing bound
        else:
            assert [g.id for g in bound] == [group.id]
            assert _errors(results, exceptions.BadRequest) == [
                "Security group is still in use"]


def test_deleting_an_instance_frees_its_groups(database):
    group = group_db.create_group(database, "p1", "u1", "held", "")
    [instance] = instances.create_many(database, "p1", [_row("u1")], {}, [])
    group_db.bind([instance.uuid], [group.id])
    assert "in use" in at_once(lambda _: group_db.delete_group(group.uuid),
                               count=1)[0].message
    at_once(lambda _: instances.mark_deleted(instance.uuid), count=3)
    assert group_db.groups_of([instance.uuid])[instance.uuid] == []
    group_db.delete_group(group.uuid)
    assert quotas.usages("p1")["security_groups"] == 0


def test_migration_0012_gives_older_groups_egress_rules(database):
    import sqlalchemy
    from alembic import command

    from onestack.db import engine, migration, models
    bind = engine.get_engine()
    with bind.begin() as connection:
        command.downgrade(migration._alembic_config(connection), "0011")
    now = models.utcnow()
    with bind.begin() as connection:
        for group_id, name in ((1, "default"), (2, "web")):
            connection.execute(sqlalchemy.text(
                "INSERT INTO security_groups (id, uuid, name, description, project_id, "
                "created_at) VALUES (:id, :uuid, :name, '', 'p1', :now)"),
                {"id": group_id, "uuid": str(uuid.uuid4()), "name": name, "now": now})
        connection.execute(sqlalchemy.text(
            "INSERT INTO security_group_rules (uuid, group_id, direction, ethertype, "
            "remote_group_id, description, project_id, created_at) VALUES "
            "(:uuid, 1, 'ingress', 'IPv4', 1, '', 'p1', :now)"),
            {"uuid": str(uuid.uuid4()), "now": now})
    with bind.begin() as connection:
        command.upgrade(migration._alembic_config(connection), "head")
    rules = group_db.rules_of([1, 2])
    assert sorted((r.direction, r.ethertype) for r in rules[1]) == [
        ("egress", "IPv4"), ("egress", "IPv6"), ("ingress", "IPv4"), ("ingress", "IPv6")]
    assert sorted((r.direction, r.ethertype) for r in rules[2]) == [
        ("egress", "IPv4"), ("egress", "IPv6")]
