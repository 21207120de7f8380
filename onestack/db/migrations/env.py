"""Alembic environment: run by `onestack-manage db sync` through onestack.db.migration."""
from alembic import context

from onestack.db import models

config = context.config
target_metadata = models.Base.metadata


def run_migrations_online():
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("migrations run through onestack.db.migration only")
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
