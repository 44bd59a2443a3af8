"""How long one scheduler pass takes to decide (claim every rep's question) on SQLite.

    .venv/bin/python bench/nudge_pass.py [--reps 10000] [--contacts 100]

Seeds a fresh SQLite file with reps who used the bot, each with their own contacts
(balances from --lowest-balance to 12, last touches up to 60 days ago, half with a
professional fact), then times the deciding half of a pass
(expire + claim with the chosen question and its message) and, separately, the
delivery to a console sender that discards.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from bot.console.sender import ConsoleSender
from handlers.nudge_config import NudgeConfig
from handlers.nudge_pass import NudgePass
from handlers.policy import Policy
from storage import contact_reps
from storage.directory import get_or_create_workspace
from storage.engine import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import Contact, ConversationAddress, Fact, User

NOW = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)  # a Tuesday, just after 09:00 UTC
KEYS = ("career", "measured", "goals", "worries", "help", "home", "family")


def seed(session_factory, reps: int, contacts: int, lowest_balance: int) -> None:
    rng = random.Random(7)
    with session_factory() as session:
        ws = get_or_create_workspace(session, "console", "local", NOW)
        session.flush()
        session.execute(
            insert(User),
            [
                {
                    "workspace_id": ws.id,
                    "external_id": f"rep{n}",
                    "display_name": f"Rep {n}",
                    "created_at": NOW,
                }
                for n in range(reps)
            ],
        )
        user_ids = list(session.scalars(select(User.id)))
        session.execute(
            insert(ConversationAddress),
            [
                {
                    "workspace_id": ws.id,
                    "user_id": uid,
                    "platform": "console",
                    "address": {},
                    "updated_at": NOW,
                }
                for uid in user_ids
            ],
        )
        for uid in user_ids:
            rows = []
            for n in range(contacts):
                balance = rng.randint(lowest_balance, 12)
                rows.append(
                    {
                        "workspace_id": ws.id,
                        "name": f"C{uid}-{n}",
                        "name_key": f"c{uid}-{n}",
                        "created_by_id": uid,
                        "created_at": NOW,
                        "balance": balance,
                        "credits": max(balance, 0),
                        "debits": max(-balance, 0),
                        "entry_count": 1,
                        "decay_sum": float(balance),
                        "last_touch_at": NOW - timedelta(days=rng.randint(0, 60)),
                    }
                )
            session.execute(insert(Contact), rows)
        # Bulk-loaded contacts get their rep rows the way a data import would.
        contact_reps.backfill(session, ws.id)
        contact_rows = session.execute(select(Contact.id, Contact.created_by_id)).all()
        facts = [
            {
                "workspace_id": ws.id,
                "contact_id": cid,
                "key": rng.choice(KEYS),
                "side": "professional",
                "value": "known",
                "shared": False,
                "recorded_by_id": uid,
                "recorded_at": NOW - timedelta(days=rng.randint(0, 400)),
            }
            for cid, uid in contact_rows
            if rng.random() < 0.5
        ]
        for start in range(0, len(facts), 50_000):
            session.execute(insert(Fact), facts[start : start + 50_000])
        session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=100)
    parser.add_argument(
        "--lowest-balance",
        type=int,
        default=-3,
        help="balances are drawn from here to 12; 0 leaves nobody in the red (the slow case)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        session_factory = make_session_factory(engine)
        started = time.perf_counter()
        seed(session_factory, args.reps, args.contacts, args.lowest_balance)
        print(
            f"seeded {args.reps:,} reps × {args.contacts} contacts "
            f"in {time.perf_counter() - started:.1f} s"
        )
        sent = []
        nudge_pass = NudgePass(
            session_factory,
            {"console": ConsoleSender(lambda user, reply: sent.append(user))},
            Policy(),
            NudgeConfig(),
            lambda: NOW,
        )
        started = time.perf_counter()
        report = nudge_pass.plan(NOW)
        decided = time.perf_counter() - started
        print(f"decide: {report.due:,} reps due, {report.claimed:,} claimed in {decided:.2f} s")
        started = time.perf_counter()
        delivery = asyncio.run(nudge_pass.deliverer.deliver(NOW))
        print(f"deliver: {delivery.sent:,} sent in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        again = nudge_pass.plan(NOW + timedelta(minutes=1))
        print(
            f"next pass (nothing new): {again.claimed} claimed in "
            f"{time.perf_counter() - started:.2f} s"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
