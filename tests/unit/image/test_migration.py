"""Migration 0002 creates the image tables exactly as models.py declares them,
on SQLite here and on PostgreSQL and MariaDB when they are reachable."""
import pytest
import sqlalchemy
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from onestack.db import migration, models
from tests.support import services

IMAGE_TABLES = {"images", "image_properties", "image_tags", "image_members"}


def _table_of(diff) -> str | None:
    """The table an autogenerate difference is about."""
    item = diff[0] if isinstance(diff, list) else diff  # modify_* come in lists
    for value in item[1:]:
        if isinstance(value, sqlalchemy.Table):
            return value.name
        if isinstance(getattr(value, "table", None), sqlalchemy.Table):
            return value.table.name  # an index, column or constraint
        if isinstance(value, str):
            return value  # (op, schema, table name, ...)
    return None


def _differences(url: str) -> list:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(migration._alembic_config(connection), "0002")
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": False})
            diffs = compare_metadata(context, models.Base.metadata)
            assert IMAGE_TABLES <= set(sqlalchemy.inspect(connection).get_table_names())
        with engine.begin() as connection:
            command.downgrade(migration._alembic_config(connection), "0001")
        with engine.connect() as connection:
            assert not IMAGE_TABLES & set(sqlalchemy.inspect(connection).get_table_names())
    finally:
        engine.dispose()
    return [diff for diff in diffs if _table_of(diff) in IMAGE_TABLES]


def test_migration_matches_models_on_sqlite(tmp_path):
    assert _differences(f"sqlite:///{tmp_path / 'schema.sqlite'}") == []


@pytest.mark.services
@pytest.mark.parametrize("engine_name", ["postgresql", "mysql"])
def test_migration_matches_models_on_servers(engine_name):
    database = services.TemporaryDatabase(engine_name)
    try:
        assert _differences(database.url) == []
    finally:
        database.drop()
