"""Alembic environment: the engine comes from the caller (storage.migrate)."""

from alembic import context

from storage.migrate import is_ours
from storage.schema import metadata

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=is_ours,
    )
    with context.begin_transaction():
        context.run_migrations()
