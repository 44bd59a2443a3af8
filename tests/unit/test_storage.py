"""Storage on SQLite and PostgreSQL: schema, aggregates, idempotency, tenants."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from handlers.messages import IncomingMessage, UserRef, WorkspaceRef
from storage.aggregates import ensure_half_life
from storage.ledger import Ledger
from storage.migrate import is_ours
from storage.models import Contact, LedgerEntry
from storage.schema import metadata
from tests.conftest import Rep


def test_migrations_build_exactly_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": is_ours})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(engine):
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_ledger_reads_one_contact_through_an_index(engine):
    indexes = {tuple(i["column_names"]) for i in inspect(engine).get_indexes("ledger_entries")}
    assert ("workspace_id", "contact_id", "occurred_at") in indexes


def test_running_aggregates_equal_a_full_recompute(core, clock, session_factory):
    rng = random.Random(3)
    reps = [Rep(core, name) for name in ("ana", "ben")]
    names = ["Jane Doe", "Tom Okafor", "Aiko Tanaka"]
    for step in range(60):
        rep = rng.choice(reps)
        if step % 7 == 6:
            rep.say("undo")
        elif step % 5 == 4:  # an attempt, dated at random: before or after the last touch
            day = (clock.now - timedelta(days=rng.randint(0, 200))).date().isoformat()
            rep.say(f"{rng.choice(names)}: voicemail {step}, no reply @{day}")
        else:
            points = rng.randint(1, 5)
            sign = rng.choice("+-")
            days = rng.randint(0, 200)
            day = (clock.now - timedelta(days=days)).date().isoformat()
            rep.say(f"{sign}{points} {rng.choice(names)}: note {step} @{day}")
        clock.advance(hours=5)
    with session_factory() as session:
        stored = {
            c.id: (c.balance, c.credits, c.debits, c.entry_count, c.last_touch_at,
                   c.last_attempt_at, c.attempts_since_touch)
            for c in session.scalars(select(Contact))
        }  # fmt: skip
        decay_before = {c.id: c.decay_sum for c in session.scalars(select(Contact))}
        workspace_id = session.scalars(select(Contact.workspace_id)).first()
        Ledger(session, workspace_id, core.policy.half_life_days).recompute(list(stored))
        session.flush()
        session.expire_all()
        rebuilt = {
            c.id: (c.balance, c.credits, c.debits, c.entry_count, c.last_touch_at,
                   c.last_attempt_at, c.attempts_since_touch)
            for c in session.scalars(select(Contact))
        }  # fmt: skip
        decay_stored = {c.id: c.decay_sum for c in session.scalars(select(Contact))}
    assert stored == rebuilt
    assert decay_before == pytest.approx(decay_stored, rel=1e-9)
    assert sum(v[3] for v in stored.values()) > 0
    assert any(v[5] for v in stored.values())  # attempts were counted in


def test_half_life_change_recomputes_decay(core, session_factory, ana):
    ana.say("+4 Jane Doe: early @2026-08-01")
    with session_factory() as session:
        before = session.scalars(select(Contact.decay_sum)).one()
    assert ensure_half_life(session_factory, 90.0) is True  # first start records it
    assert ensure_half_life(session_factory, 90.0) is False
    assert ensure_half_life(session_factory, 30.0) is True
    with session_factory() as session:
        after = session.scalars(select(Contact.decay_sum)).one()
    assert after != before and after > 0


def test_workspaces_never_see_each_other(core, session_factory):
    acme = Rep(core, "ana", WorkspaceRef("slack", "T_ACME"))
    globex = Rep(core, "ana", WorkspaceRef("slack", "T_GLOBEX"))
    acme.say("+5 Jane Doe: big win")
    globex.say("-2 Jane Doe: other Jane, bad day")
    assert "balance 5" in acme.say("balance Jane Doe").text
    assert "balance -2" in globex.say("balance Jane Doe").text
    assert "Undone: −2" in globex.say("undo").text
    assert "balance 5" in acme.say("balance Jane Doe").text
    acme_entry = acme.last
    # A button value naming the other workspace's row reaches nothing there.
    with session_factory() as session:
        acme_ids = list(session.scalars(select(LedgerEntry.id).order_by(LedgerEntry.id)))
    refused = globex.act("entry.undo", str(acme_ids[0]))
    assert refused.is_error
    assert acme_entry is not None
    assert "balance 5" in acme.say("balance Jane Doe").text


def test_concurrent_redeliveries_store_one_entry(core, session_factory, db_url):
    workspace = WorkspaceRef("slack", "T1")
    user = UserRef("U1", "Ana")
    message = IncomingMessage(workspace, user, "+2 Jane Doe: delivered", "Ev-race")
    core.handle_message(IncomingMessage(workspace, user, "contact add Jane Doe"))
    replies, errors = [], []

    def deliver():
        try:
            replies.append(core.handle_message(message))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(replies) == 4
    with session_factory() as session:
        assert session.scalars(select(LedgerEntry.source_id)).all() == ["Ev-race"]
