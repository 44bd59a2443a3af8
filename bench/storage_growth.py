"""Balance of one contact and one rep's at-risk list as the ledger grows.

Both should stay flat: a balance reads one contact's row and its own window of entries
through an index, and the list reads the rep's contacts directly.
"""

from __future__ import annotations

import random
import time

from sqlalchemy import select

from bench.common import HEADER, Timing, bootstrapped, fresh_database, time_calls
from bot.demo import load_scaled
from handlers.messages import IncomingMessage, UserRef, WorkspaceRef
from storage.models import Contact

WORKSPACE = WorkspaceRef("slack", "TBENCH")
CONTACTS = 10_000


def measure(kind: str, entries: int, rounds: int = 300) -> tuple[float, list[Timing]]:
    with fresh_database(kind) as url, bootstrapped(url) as app:
        factory, core = app.session_factory, app.core
        started = time.perf_counter()
        load_scaled(factory, WORKSPACE, CONTACTS, entries, core.clock(), 90.0)
        load_seconds = time.perf_counter() - started
        rng = random.Random(5)
        with factory() as session:
            names = list(session.scalars(select(Contact.name).limit(2000)))
        rep = UserRef("rep1", "Rep 1")

        def balance(_n: int) -> None:
            text = f"balance {rng.choice(names)}"
            reply = core.handle_message(IncomingMessage(WORKSPACE, rep, text))
            assert reply.kind == "balance", reply.text

        def at_risk(_n: int) -> None:
            reply = core.handle_message(IncomingMessage(WORKSPACE, rep, "balance"))
            assert reply.kind == "balance_list", reply.text

        label = f"{kind} {entries:>9,} entries"
        timings = [
            time_calls(f"{label} · balance <contact>", balance, rounds),
            time_calls(f"{label} · at-risk list (1 rep)", at_risk, max(20, rounds // 10)),
        ]
        return load_seconds, timings


def run(kinds: list[str], sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)) -> dict:
    print("\nStorage growth (through the core, one process)")
    print(HEADER)
    results = {}
    for kind in kinds:
        for size in sizes:
            load_seconds, timings = measure(kind, size)
            results[f"{kind}-{size}"] = {"load_seconds": load_seconds, "timings": timings}
            for timing in timings:
                print(timing.row())
            print(f"  (loaded {size:,} entries over {CONTACTS:,} contacts in {load_seconds:.1f} s)")
    return results
