"""Alembic, driven from code so the installed package carries its migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


# Tables owned by a library (slack-sdk's installation and OAuth state stores): created by
# our migrations, but their shape is the library's, so autogenerate must leave them be.
FOREIGN_TABLE_PREFIXES = ("slack_",)


def is_ours(obj, name: str | None, type_: str, reflected: bool, compare_to) -> bool:
    """Alembic's include_object hook: compare only the tables our models define."""
    table_name = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    return not (table_name or "").startswith(FOREIGN_TABLE_PREFIXES)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema to `revision`; safe to call on every start.

    "heads": independent features may add migrations side by side off one parent.
    """
    command.upgrade(alembic_config(engine), revision)


def current_revisions(engine: Engine) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))
