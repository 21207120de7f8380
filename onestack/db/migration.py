"""Schema migrations with Alembic: `onestack-manage db sync` and `db version`."""
import logging
import os

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from onestack.db import engine as db_engine

_SCRIPTS = os.path.join(os.path.dirname(__file__), "migrations")


def _alembic_config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", _SCRIPTS)
    cfg.attributes["connection"] = connection
    return cfg


def sync(revision: str = "head"):
    with db_engine.get_engine().begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def current_version() -> str | None:
    # reading the revision is no news: keep alembic's "Context impl" lines
    # out of the output of the commands that check it first
    quiet = logging.getLogger("alembic.runtime.migration")
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    try:
        with db_engine.get_engine().connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        quiet.setLevel(level)


def head_version() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def autogenerate(message: str):
    """Developer tool: write a new revision from the models' differences."""
    with db_engine.get_engine().begin() as connection:
        command.revision(_alembic_config(connection), message=message,
                         autogenerate=True)
