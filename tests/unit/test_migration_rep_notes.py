"""accounts_0001 adds contact_reps.notes to a database at 0003 and counts each rep's
entries about each contact from the ledger (reversals left out)."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, text

from storage.engine import make_engine
from storage.migrate import alembic_config, current_revisions, upgrade

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_upgrade_counts_the_notes_already_written(db_url):
    engine = make_engine(db_url)
    upgrade(engine)  # the PostgreSQL test database may be at heads already: step back
    command.downgrade(alembic_config(engine), "accounts_0001-1")  # 0003, and its other heirs
    command.upgrade(alembic_config(engine), "companies_0001")  # the rest of today's schema
    assert "accounts_0001" not in current_revisions(engine)
    assert "notes" not in [c["name"] for c in inspect(engine).get_columns("contact_reps")]
    with engine.begin() as c:
        c.execute(text("INSERT INTO workspaces (platform, external_id, created_at) "
                       "VALUES ('console', 'old', :now)"), {"now": NOW})  # fmt: skip
        ws = c.scalar(text("SELECT id FROM workspaces WHERE external_id = 'old'"))
        for name in ("Ana", "Ben"):
            c.execute(text("INSERT INTO users (workspace_id, external_id, display_name, "
                           "created_at) VALUES (:ws, :n, :n, :now)"),
                      {"ws": ws, "n": name, "now": NOW})  # fmt: skip
        ana, ben = c.scalars(text("SELECT id FROM users ORDER BY id")).all()[-2:]
        c.execute(text("INSERT INTO contacts (workspace_id, name, name_key, created_at, balance, "
                       "credits, debits, entry_count, decay_sum) VALUES "
                       "(:ws, 'Jane Doe', 'jane doe', :now, 2, 3, 1, 3, 0)"),
                  {"ws": ws, "now": NOW})  # fmt: skip
        jane = c.scalar(text("SELECT id FROM contacts WHERE workspace_id = :ws"), {"ws": ws})
        insert = text("INSERT INTO ledger_entries (workspace_id, contact_id, author_id, amount, "
                      "note, occurred_at, created_at, reverses_id, sign_source) VALUES "
                      "(:ws, :c, :a, :amount, 'n', :now, :now, :rev, 'given')")  # fmt: skip
        for author, amount in ((ana, 2), (ana, 1), (ben, 1)):
            c.execute(insert, {"ws": ws, "c": jane, "a": author, "amount": amount,
                               "now": NOW, "rev": None})  # fmt: skip
        first = c.scalar(text("SELECT min(id) FROM ledger_entries WHERE workspace_id = :ws"),
                         {"ws": ws})  # fmt: skip
        c.execute(insert, {"ws": ws, "c": jane, "a": ana, "amount": -2, "now": NOW, "rev": first})
        for rep in (ana, ben):
            c.execute(text("INSERT INTO contact_reps (workspace_id, user_id, contact_id) "
                           "VALUES (:ws, :u, :c)"), {"ws": ws, "u": rep, "c": jane})  # fmt: skip

    upgrade(engine)

    assert "accounts_0001" in current_revisions(engine)
    with engine.connect() as c:
        rows = c.execute(
            text("SELECT user_id, notes FROM contact_reps WHERE workspace_id = :ws "
                 "ORDER BY user_id"), {"ws": ws}).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [(ana, 2), (ben, 1)]
    engine.dispose()
