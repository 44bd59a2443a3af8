"""One scheduler pass for 1,000 and 10,000 reps (100 contacts each), on each database.

    .venv/bin/python -m bench nudges [--sqlite-only]

What "one pass" times: the deciding half of `NudgePass.plan` for a moment when every
rep's 09:00 has just come — expire old questions, find the due reps, choose each one's
question, build its message and claim its slot (INSERT … ON CONFLICT DO NOTHING) — up to
the commit. Delivery through a sender is I/O-bound and timed separately (to a console
sender that discards), as is the next pass a minute later, when nothing is new. A last
case delivers 10,000 claimed messages spread over 100 workspaces to a sender with a
20 ms round trip: the workspaces are sent to concurrently, each one's messages in order.

The idle case seeds 100,000 reps over 100 workspaces (addresses, no contacts) and runs
a pass at 07:00 UTC, when nobody is due: the first one reads every rep (as after an
upgrade) and moves each to their 09:00; the next, a minute later, reads only the reps
whose check time has come — none.

Each case seeds a fresh database: reps who used the bot, each with their own 100
contacts (balances −3…12, last touches up to 60 days ago, half with a professional
fact). The machine is shared: the table gives wall and CPU seconds and the load average.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, text

from bench.common import bootstrapped, fresh_database
from bot.console.sender import ConsoleSender
from handlers.messages import Reply
from handlers.nudges.config import NudgeConfig
from handlers.nudges.delivery import Deliverer
from handlers.reply_codec import reply_to_data
from storage import contact_reps
from storage.directory import get_or_create_workspace
from storage.models import Contact, ConversationAddress, Fact, User
from storage.nudges.models import Nudge

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
        rows = []
        for uid in user_ids:
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
        for start in range(0, len(rows), 50_000):
            session.execute(insert(Contact), rows[start : start + 50_000])
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


def reps_with_addresses(session, workspace: int, reps_each: int) -> list[int]:
    """Reps who used the bot (a stored address) in the workspace named team<workspace>."""
    ws = get_or_create_workspace(session, "console", f"team{workspace}", NOW)
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
            for n in range(reps_each)
        ],
    )
    users = list(session.scalars(select(User.id).where(User.workspace_id == ws.id)))
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
            for uid in users
        ],
    )
    return users


def seed_outbox(session_factory, workspaces: int, reps_each: int) -> None:
    """Claimed, unsent slots for reps spread over many workspaces (delivery only)."""
    payload = reply_to_data(Reply(text="Your nudge"))
    with session_factory() as session:
        for w in range(workspaces):
            users = reps_with_addresses(session, w, reps_each)
            ws_id = session.scalar(select(User.workspace_id).where(User.id == users[0]))
            session.execute(
                insert(Nudge),
                [
                    {
                        "workspace_id": ws_id,
                        "user_id": uid,
                        "local_date": NOW.date(),
                        "slot": "digest",
                        "kind": "digest",
                        "payload": payload,
                        "status": "pending",
                        "attempts": 0,
                        "due_at": NOW,
                        "next_attempt_at": NOW,
                        "created_at": NOW,
                    }
                    for uid in users
                ],
            )
        session.commit()


class SlowSender:
    """Discards, after a network round trip of `latency` seconds per message."""

    platform = "console"

    def __init__(self, latency: float) -> None:
        self.latency = latency

    async def send(self, workspace, user, address, reply) -> None:
        await asyncio.sleep(self.latency)


def measure_fan_out(
    kind: str, workspaces: int = 100, reps_each: int = 100, latency: float = 0.02
) -> dict:
    """Delivery of workspaces × reps messages to a sender with a round trip each."""
    with fresh_database(kind) as url, bootstrapped(url, lambda: NOW) as app:
        seed_outbox(app.session_factory, workspaces, reps_each)
        deliverer = Deliverer(app.session_factory, {"console": SlowSender(latency)}, NudgeConfig())
        load = os.getloadavg()[0]
        report, wall, cpu = timed(lambda: asyncio.run(deliverer.deliver(NOW)))
    assert report.sent == workspaces * reps_each, report
    return {
        "database": kind,
        "workspaces": workspaces,
        "messages": report.sent,
        "latency_seconds": latency,
        "deliver_seconds": wall,
        "deliver_cpu_seconds": cpu,
        "load_average": load,
    }


def timed(call):
    """(result, wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def measure(kind: str, reps: int, contacts: int = 100, lowest_balance: int = -3) -> dict:
    with fresh_database(kind) as url, bootstrapped(url, lambda: NOW) as app:
        engine, factory = app.engine, app.session_factory
        _, seed_seconds, _ = timed(lambda: seed(factory, reps, contacts, lowest_balance))
        if kind == "postgresql":
            # A live server's autovacuum keeps statistics; a bulk load has none yet, and
            # without them the planner picks nested loops over a million rows.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        nudge_pass = app.nudge_pass({"console": ConsoleSender(lambda user, reply: None)})
        load = os.getloadavg()[0]
        report, wall, cpu = timed(lambda: nudge_pass.plan(NOW))
        delivery, deliver_wall, _ = timed(lambda: asyncio.run(nudge_pass.deliverer.deliver(NOW)))
        idle, idle_wall, _ = timed(lambda: nudge_pass.plan(NOW + timedelta(minutes=1)))
    assert report.claimed == reps and delivery.sent == reps and idle.claimed == 0
    return {
        "database": kind,
        "reps": reps,
        "contacts_per_rep": contacts,
        "pass_seconds": wall,
        "pass_cpu_seconds": cpu,
        "claimed": report.claimed,
        "deliver_seconds": deliver_wall,
        "idle_pass_seconds": idle_wall,
        "load_average": load,
        "seed_seconds": seed_seconds,
    }


def seed_reps(session_factory, workspaces: int, reps_each: int) -> None:
    """Reps who used the bot (a stored address) and nothing else."""
    with session_factory() as session:
        for w in range(workspaces):
            reps_with_addresses(session, w, reps_each)
        session.commit()


def measure_idle(kind: str, workspaces: int = 100, reps_each: int = 1_000) -> dict:
    early = NOW.replace(hour=7, minute=0)
    with fresh_database(kind) as url, bootstrapped(url, lambda: early) as app:
        seed_reps(app.session_factory, workspaces, reps_each)
        if kind == "postgresql":
            with app.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        nudge_pass = app.nudge_pass({"console": ConsoleSender(lambda user, reply: None)})
        first, first_wall, _ = timed(lambda: nudge_pass.plan(early))
        idle = []
        for minute in range(1, 6):
            report, wall, _ = timed(lambda m=minute: nudge_pass.plan(early + timedelta(minutes=m)))
            assert report.due == 0
            idle.append(wall)
    assert first.due == 0 and first.claimed == 0
    return {
        "database": kind,
        "reps": workspaces * reps_each,
        "first_pass_seconds": first_wall,
        "idle_pass_seconds": sorted(idle)[len(idle) // 2],
    }


HEADER = (
    f"{'database':<11} {'reps':>7} {'pass s':>7} {'cpu s':>6} {'target':>7} "
    f"{'deliver s':>9} {'idle s':>7} {'load':>5}"
)


def row(result: dict) -> str:
    met = "met" if result["pass_seconds"] < 1.0 else "missed"
    return (
        f"{result['database']:<11} {result['reps']:>7,} {result['pass_seconds']:>7.2f} "
        f"{result['pass_cpu_seconds']:>6.2f} {met:>7} {result['deliver_seconds']:>9.2f} "
        f"{result['idle_pass_seconds']:>7.2f} {result['load_average']:>5.1f}"
    )


def run(kinds: list[str], sizes: tuple[int, ...] = (1_000, 10_000)) -> dict:
    print("\nOne nudge pass: decide and claim for every due rep (100 contacts each); target < 1 s")
    print(HEADER)
    results = {}
    for kind in kinds:
        for reps in sizes:
            result = measure(kind, reps)
            results[f"{kind}-{reps}"] = result
            print(row(result), flush=True)
    print("\nIdle pass: 100,000 reps, nobody due (median of 5); target < 50 ms")
    for kind in kinds:
        idle = measure_idle(kind)
        results[f"{kind}-idle"] = idle
        print(
            f"{kind:<11} {idle['reps']:>7,} reps: first pass {idle['first_pass_seconds']:.2f} s, "
            f"idle pass {idle['idle_pass_seconds'] * 1000:.1f} ms",
            flush=True,
        )
    print("\nFan-out delivery: 100 workspaces x 100 reps, 20 ms round trip per message")
    for kind in kinds:
        fan = measure_fan_out(kind)
        results[f"{kind}-fan-out"] = fan
        print(
            f"{kind:<11} {fan['messages']:>7,} messages {fan['deliver_seconds']:>7.2f} s "
            f"(cpu {fan['deliver_cpu_seconds']:.2f}) load {fan['load_average']:.1f}",
            flush=True,
        )
    return results
