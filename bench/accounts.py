"""`account` for a 200-contact company and `accounts` for a rep holding 300 companies, as
the ledger grows from 10k to 1M entries.

Both should stay flat: they read contacts by (workspace, company), the rep rows with
their note counts, and professional facts; nothing reads the ledger.
"""

from __future__ import annotations

import time

from sqlalchemy import bindparam, insert, select, update

from bench.common import HEADER, Timing, bootstrapped, fresh_database, time_calls
from bot.demo import load_scaled
from handlers.messages import IncomingMessage, UserRef, WorkspaceRef
from storage.directory import find_workspace, get_or_create_user
from storage.models import Company, Contact, ContactRep

WORKSPACE = WorkspaceRef("slack", "TBENCH")
CONTACTS = 10_000
BIG = 200  # contacts at the company `account` reads
HELD = 300  # companies the measured rep holds a contact at
REP = "acct"


def shape(session_factory, now) -> str:
    """Company 000 gets 200 contacts, the other 499 share the rest (about 20 each); the
    rep `acct` holds one contact at each of 300 companies. Returns the big one's name."""
    with session_factory() as session:
        ws = find_workspace(session, WORKSPACE.platform, WORKSPACE.external_id)
        companies = list(
            session.scalars(
                select(Company.id).where(Company.workspace_id == ws.id).order_by(Company.name_key)
            )
        )
        ids = list(
            session.scalars(
                select(Contact.id).where(Contact.workspace_id == ws.id).order_by(Contact.id)
            )
        )
        placed = [
            {"cid": cid, "company": companies[0] if n < BIG else companies[1 + (n - BIG) % 499]}
            for n, cid in enumerate(ids)
        ]
        table = Contact.__table__
        session.execute(
            update(table)
            .where(table.c.id == bindparam("cid"))
            .values(company_id=bindparam("company")),
            placed,
        )
        rep = get_or_create_user(session, ws.id, REP, "Acct Rep", None, now)
        session.flush()
        first = {}
        for row in placed:
            first.setdefault(row["company"], row["cid"])
        held = [first[c] for c in companies[1 : 1 + HELD]]
        session.execute(
            insert(ContactRep),
            [
                {"workspace_id": ws.id, "user_id": rep.id, "contact_id": cid, "notes": 1}
                for cid in held
            ],
        )
        name = session.scalar(select(Company.name).where(Company.id == companies[0]))
        session.commit()
        return name


def measure(kind: str, entries: int, rounds: int = 100) -> tuple[float, list[Timing]]:
    with fresh_database(kind) as url, bootstrapped(url) as app:
        factory, core = app.session_factory, app.core
        started = time.perf_counter()
        load_scaled(factory, WORKSPACE, CONTACTS, entries, core.clock(), 90.0)
        big = shape(factory, core.clock())
        load_seconds = time.perf_counter() - started
        rep = UserRef(REP, "Acct Rep")

        def account(_n: int) -> None:
            reply = core.handle_message(IncomingMessage(WORKSPACE, rep, f"account {big}"))
            assert reply.kind == "account" and "200 contacts" in reply.text, reply.text

        def accounts(_n: int) -> None:
            reply = core.handle_message(IncomingMessage(WORKSPACE, rep, "accounts"))
            assert reply.text.startswith(f"Your {HELD} accounts"), reply.text

        label = f"{kind} {entries:>9,} entries"
        timings = [
            time_calls(f"{label} · account (200 contacts)", account, rounds),
            time_calls(f"{label} · accounts (300 companies)", accounts, max(10, rounds // 5)),
        ]
        return load_seconds, timings


def run(kinds: list[str], sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)) -> dict:
    print("\nAccounts (through the core, one process)")
    print(HEADER)
    results = {}
    for kind in kinds:
        for size in sizes:
            load_seconds, timings = measure(kind, size)
            results[f"{kind}-{size}"] = {"load_seconds": load_seconds, "timings": timings}
            for timing in timings:
                print(timing.row(), flush=True)
            print(f"  (loaded {size:,} entries over {CONTACTS:,} contacts in {load_seconds:.1f} s)")
    return results
