"""One nudge pass for 1,000 and 10,000 reps (100 contacts each), on each database.

Seeds with bench/nudge_pass.py's seed (reps who used the bot, balances from -3 to 12,
half the contacts with a professional fact), then times deciding (claim every due
rep's question), delivering to a console sender that discards, and a second pass
that finds nothing new.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from bench.common import fresh_database
from bench.nudge_pass import NOW, seed
from bot.console.sender import ConsoleSender
from handlers.nudge_config import NudgeConfig
from handlers.nudge_pass import NudgePass
from handlers.policy import Policy
from storage.engine import make_engine, make_session_factory
from storage.migrate import upgrade

SIZES = (1_000, 10_000)
CONTACTS = 100
HEAD = (
    f"{'database':<11} {'reps':>7} {'seed s':>7} {'due':>7} {'claimed':>8} "
    f"{'decide s':>9} {'deliver s':>10} {'again s':>8}"
)


def measure(kind: str, reps: int) -> dict:
    with fresh_database(kind) as url:
        engine = make_engine(url)
        upgrade(engine)
        factory = make_session_factory(engine)
        started = time.perf_counter()
        seed(factory, reps, CONTACTS, -3)
        seeded = time.perf_counter() - started
        nudge_pass = NudgePass(
            factory,
            {"console": ConsoleSender(lambda _user, _reply: None)},
            Policy(),
            NudgeConfig(),
            lambda: NOW,
        )
        started = time.perf_counter()
        report = nudge_pass.plan(NOW)
        decided = time.perf_counter() - started
        started = time.perf_counter()
        delivery = asyncio.run(nudge_pass.deliverer.deliver(NOW))
        delivered = time.perf_counter() - started
        started = time.perf_counter()
        nudge_pass.plan(NOW + timedelta(minutes=1))
        again = time.perf_counter() - started
        engine.dispose()
    return {
        "reps": reps,
        "contacts_each": CONTACTS,
        "seed_seconds": seeded,
        "due": report.due,
        "claimed": report.claimed,
        "sent": delivery.sent,
        "decide_seconds": decided,
        "deliver_seconds": delivered,
        "next_pass_seconds": again,
    }


def run(kinds: list[str]) -> dict:
    print("\nScheduler pass (target: under 1 s at 10,000 reps)")
    print(HEAD)
    results = {}
    for kind in kinds:
        for reps in SIZES:
            r = measure(kind, reps)
            results[f"{kind}-{reps}"] = r
            print(
                f"{kind:<11} {reps:>7,} {r['seed_seconds']:>7.1f} {r['due']:>7,} "
                f"{r['claimed']:>8,} {r['decide_seconds']:>9.2f} {r['deliver_seconds']:>10.2f} "
                f"{r['next_pass_seconds']:>8.2f}"
            )
    return results
