"""Alembic environment: the engine comes from the caller (storage.migrate)."""

from alembic import context

from storage.migrate import is_ours
from storage.schema import metadata

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # A batch migration rebuilds a table (copy, drop, rename): with foreign keys
        # enforced, dropping a table that others reference fails half-way. The pragma
        # only takes effect outside a transaction, so it is set before one begins.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=sqlite,
            include_object=is_ours,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if sqlite:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
