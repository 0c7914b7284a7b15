"""Alembic environment: migrations from SQLModel's metadata; batch mode so SQLite can ALTER."""

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

from triage.store import models  # noqa: F401 - registers the tables
from triage.store.db import in_the_models

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        connectable = engine_from_config(config.get_section(config.config_ini_section, {}),
                                         prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() if hasattr(connectable, "connect") else connectable as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True, compare_type=True, include_object=in_the_models)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
