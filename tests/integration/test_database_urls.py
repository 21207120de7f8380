"""[database] connection as docs/operations.md writes it works on PostgreSQL
and MariaDB; a driver that is missing or unknown, or a database that does not
answer, stops every entry point with one line on stderr, not a traceback."""
import os
import re

import pytest
import sqlalchemy

from onestack.db import migration
from tests.support import services
from tests.support.cloud import free_port, write_config
from tests.support.processes import run

OPERATIONS = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "operations.md")


def documented_urls() -> dict[str, str]:
    """The `connection = URL` lines of the multi-host example, commented or
    not, by engine."""
    with open(OPERATIONS) as handle:
        urls = re.findall(r"^#?\s*connection = (\S+)$", handle.read(), re.MULTILINE)
    return {sqlalchemy.make_url(url).get_backend_name(): url for url in urls}


def test_the_docs_show_a_postgresql_and_a_mysql_url():
    urls = documented_urls()
    assert set(urls) == {"postgresql", "mysql"}
    assert urls["postgresql"].startswith("postgresql://")


@pytest.mark.services
@pytest.mark.parametrize("engine_name", ["postgresql", "mysql"])
def test_documented_url_syncs_the_schema(engine_name, tmp_path):
    database = services.TemporaryDatabase(engine_name)
    local = sqlalchemy.make_url(database.url)
    # the documented driver and options, pointed at the local server and the
    # temporary database
    documented = sqlalchemy.make_url(documented_urls()[engine_name])
    url = sqlalchemy.URL.create(
        documented.drivername, username=local.username, password=local.password,
        host=local.host, port=local.port, database=database.name,
        query=documented.query)
    config_file = write_config(str(tmp_path), {
        "database.connection": url.render_as_string(hide_password=False)})
    try:
        synced = run("onestack-manage", "--config-file", config_file, "db", "sync")
        version = run("onestack-manage", "--config-file", config_file, "db", "version")
    finally:
        database.drop()
    head = migration.head_version()
    assert f"Database schema is at {head}." in synced.stdout
    assert version.stdout.splitlines()[-1] == head  # after alembic's log lines


BROKEN = {
    "unknown driver": ("postgresql+nosuchdriver://onestack:secret@127.0.0.1/onestack",
                       "SQLAlchemy has no dialect or driver named "
                       "'postgresql+nosuchdriver'"),
    "driver not installed": ("postgresql+pg8000://onestack:secret@127.0.0.1/onestack",
                             "its driver is not installed (No module named 'pg8000')"),
    "unreachable": ("postgresql://onestack:secret@127.0.0.1:{port}/onestack",
                    "Cannot connect to the database postgresql://onestack:***@"
                    "127.0.0.1:{port}/onestack: "),
}
ENTRY_POINTS = {
    "manage db sync": ("onestack-manage", "--config-file", "{config}", "db", "sync"),
    "manage db version": ("onestack-manage", "--config-file", "{config}", "db",
                          "version"),
    "all": ("onestack", "all", "--config-file", "{config}"),
    "api": ("onestack-api", "--config-file", "{config}"),
    "compute": ("onestack-compute", "--config-file", "{config}"),
    "scheduler": ("onestack-scheduler", "--config-file", "{config}"),
}


@pytest.mark.parametrize("entry_point", list(ENTRY_POINTS))
@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_connection_is_one_line(entry_point, case, tmp_path):
    port = free_port()  # nothing listens on a port just found free
    url, expected = (text.format(port=port) for text in BROKEN[case])
    config = write_config(str(tmp_path), {"database.connection": url})
    command, *args = (arg.format(config=config) for arg in ENTRY_POINTS[entry_point])
    result = run(command, *args, check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("ERROR: ") and expected in result.stderr
    assert "secret" not in result.stderr and result.stdout == ""
