"""Two schedulers on one database, started together: every nudge is sent exactly once."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from bot.console.sender import ConsoleSender
from handlers.core import core_services
from handlers.nudges.config import NudgeConfig
from handlers.nudges.morning_pass import NudgePass
from handlers.policy import Policy
from storage import contact_reps
from storage.directory import get_or_create_workspace
from storage.engine import make_engine, make_session_factory
from storage.models import Contact, ConversationAddress, User
from storage.nudges.models import Nudge

TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def seed_reps(session_factory, count: int) -> None:
    """`count` console reps who used the bot, each with one contact in the red."""
    with session_factory() as session:
        ws = get_or_create_workspace(session, "console", "local", TUESDAY_9)
        session.flush()
        session.execute(
            insert(User),
            [
                {
                    "workspace_id": ws.id,
                    "external_id": f"rep{n}",
                    "display_name": f"Rep {n}",
                    "timezone": None,
                    "created_at": TUESDAY_9,
                }
                for n in range(count)
            ],
        )
        users = session.execute(select(User.id, User.external_id)).all()
        session.execute(
            insert(Contact),
            [
                {
                    "workspace_id": ws.id,
                    "name": f"Contact of {ext}",
                    "name_key": f"contact of {ext}",
                    "created_by_id": uid,
                    "created_at": TUESDAY_9,
                    "balance": -1,
                    "credits": 0,
                    "debits": 1,
                    "entry_count": 1,
                    "decay_sum": -1.0,
                    "last_touch_at": TUESDAY_9,
                }
                for uid, ext in users
            ],
        )
        session.execute(
            insert(ConversationAddress),
            [
                {
                    "workspace_id": ws.id,
                    "user_id": uid,
                    "platform": "console",
                    "address": {},
                    "updated_at": TUESDAY_9,
                }
                for uid, _ in users
            ],
        )
        contact_reps.backfill(session, ws.id)
        session.commit()


def test_two_passes_at_once_send_each_nudge_once(db_url, session_factory, engine):
    count = 1000 if engine.dialect.name == "postgresql" else 300
    seed_reps(session_factory, count)
    received: Counter[str] = Counter()
    lock = threading.Lock()

    def show(user, _reply) -> None:
        with lock:
            received[user] += 1

    barrier = threading.Barrier(2)
    reports = []

    def scheduler() -> None:
        own_engine = make_engine(db_url)  # a separate process would have its own pool
        try:
            nudge_pass = NudgePass(
                make_session_factory(own_engine),
                {"console": ConsoleSender(show)},
                Policy(),
                NudgeConfig(),
                lambda: TUESDAY_9,
                core_services(Policy()),
            )
            barrier.wait()
            reports.append(asyncio.run(nudge_pass.run()))
        finally:
            own_engine.dispose()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reports) == 2
    assert len(received) == count
    assert set(received.values()) == {1}
    assert sum(r.delivery.sent for r in reports) == count
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Nudge)) == count
        statuses = session.scalars(select(Nudge.status).distinct()).all()
        assert statuses == ["sent"]
