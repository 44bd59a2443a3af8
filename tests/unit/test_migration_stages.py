"""stages_0001 on a database made by the schema before it: contacts and entries stay as
they were, every account starts with no stage row (courting), and the new tables work."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, text

from storage.engine import make_engine
from storage.migrate import alembic_config, current_revisions, upgrade

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_upgrade_adds_the_stage_and_feedback_tables_and_keeps_the_rows(db_url):
    engine = make_engine(db_url)
    upgrade(engine)  # the PostgreSQL test database may be at heads already: step back
    command.downgrade(alembic_config(engine), "stages_0001-1")
    assert "stages_0001" not in current_revisions(engine)
    tables = inspect(engine).get_table_names()
    assert "stage_changes" not in tables and "feedback_items" not in tables
    with engine.begin() as c:
        c.execute(text("INSERT INTO workspaces (platform, external_id, created_at) "
                       "VALUES ('console', 'old', :now)"), {"now": NOW})  # fmt: skip
        ws = c.scalar(text("SELECT id FROM workspaces WHERE external_id = 'old'"))
        c.execute(text("INSERT INTO users (workspace_id, external_id, display_name, created_at) "
                       "VALUES (:ws, 'ana', 'Ana', :now)"), {"ws": ws, "now": NOW})  # fmt: skip
        user = c.scalar(text("SELECT id FROM users WHERE workspace_id = :ws"), {"ws": ws})
        c.execute(text("INSERT INTO companies (workspace_id, name, name_key, created_at) "
                       "VALUES (:ws, 'Acme', 'acme', :now)"), {"ws": ws, "now": NOW})  # fmt: skip
        acme = c.scalar(text("SELECT id FROM companies WHERE workspace_id = :ws"), {"ws": ws})
        c.execute(text(
            "INSERT INTO contacts (workspace_id, name, name_key, company_id, created_at, "
            "balance, credits, debits, entry_count, decay_sum) VALUES "
            "(:ws, 'Jane Doe', 'jane doe', :acme, :now, 0, 0, 0, 0, 0.0)"),
            {"ws": ws, "acme": acme, "now": NOW})  # fmt: skip

    upgrade(engine)

    assert "stages_0001" in current_revisions(engine)
    with engine.begin() as c:
        assert c.execute(text("SELECT name FROM contacts")).scalars().all() == ["Jane Doe"]
        assert c.execute(text("SELECT count(*) FROM stage_changes")).scalar() == 0
        c.execute(text(
            "INSERT INTO stage_changes (workspace_id, company_id, stage, changed_by_id, "
            "changed_at) VALUES (:ws, :acme, 'engaged', :u, :now)"),
            {"ws": ws, "acme": acme, "u": user, "now": NOW})  # fmt: skip
        c.execute(text(
            "INSERT INTO feedback_items (workspace_id, company_id, text, heard_by_id, "
            "heard_at, status) VALUES (:ws, :acme, 'late reports', :u, :now, 'open')"),
            {"ws": ws, "acme": acme, "u": user, "now": NOW})  # fmt: skip
    command.downgrade(alembic_config(engine), "stages_0001-1")
    assert "stage_changes" not in inspect(engine).get_table_names()
    upgrade(engine)
    engine.dispose()
