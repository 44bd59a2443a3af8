"""touches_0001 on a database made before it: every entry is a touch, no attempt waits,
and a competitor-test answer kept as a fact becomes a row."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, text

from storage.engine import make_engine
from storage.migrate import alembic_config, current_revisions, upgrade

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_upgrade_keeps_entries_as_touches_and_moves_loyalty_facts(db_url):
    engine = make_engine(db_url)
    upgrade(engine)  # the PostgreSQL test database may be at heads already: step back
    command.downgrade(alembic_config(engine), "touches_0001-1")
    assert "touches_0001" not in current_revisions(engine)
    assert "loyalty_answers" not in inspect(engine).get_table_names()
    with engine.begin() as c:
        c.execute(text("INSERT INTO workspaces (platform, external_id, created_at) "
                       "VALUES ('console', 'old', :now)"), {"now": NOW})  # fmt: skip
        ws = c.scalar(text("SELECT id FROM workspaces WHERE external_id = 'old'"))
        c.execute(text("INSERT INTO users (workspace_id, external_id, display_name, created_at) "
                       "VALUES (:ws, 'ana', 'Ana', :now)"), {"ws": ws, "now": NOW})  # fmt: skip
        user = c.scalar(text("SELECT id FROM users WHERE workspace_id = :ws"), {"ws": ws})
        c.execute(text(
            "INSERT INTO contacts (workspace_id, name, name_key, created_at, balance, credits, "
            "debits, entry_count, decay_sum, last_touch_at) VALUES "
            "(:ws, 'Jane Doe', 'jane doe', :now, 2, 2, 0, 1, 1.0, :now)"),
            {"ws": ws, "now": NOW})  # fmt: skip
        jane = c.scalar(text("SELECT id FROM contacts WHERE workspace_id = :ws"), {"ws": ws})
        c.execute(text(
            "INSERT INTO ledger_entries (workspace_id, contact_id, author_id, amount, note, "
            "occurred_at, created_at, sign_source) VALUES "
            "(:ws, :c, :u, 2, 'delivered', :now, :now, 'given')"),
            {"ws": ws, "c": jane, "u": user, "now": NOW})  # fmt: skip
        c.execute(text(
            "INSERT INTO facts (workspace_id, contact_id, key, side, value, shared, "
            "recorded_by_id, recorded_at) VALUES "
            "(:ws, :c, 'loyalty', 'situational', 'she would call us', false, :u, :now)"),
            {"ws": ws, "c": jane, "u": user, "now": NOW})  # fmt: skip

    upgrade(engine)

    assert "touches_0001" in current_revisions(engine)
    with engine.connect() as c:
        assert c.execute(text("SELECT kind FROM ledger_entries")).scalars().all() == ["touch"]
        assert c.execute(
            text("SELECT attempts_since_touch, last_attempt_at FROM contacts")
        ).all() == [(0, None)]
        assert c.execute(
            text("SELECT contact_id, answer, why, recorded_by_id FROM loyalty_answers")
        ).all() == [(jane, None, "she would call us", user)]
    engine.dispose()
