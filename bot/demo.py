"""`relcap demo`: a believable workspace to look at, or a large one to measure.

The small showcase goes through the core itself (the same grammar a rep types); the
scaled load writes in bulk, with the aggregates computed as it goes.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from handlers.core import Core
from handlers.messages import IncomingMessage, UserRef, WorkspaceRef
from storage import contact_reps
from storage.decay import decay_weight
from storage.directory import get_or_create_user, get_or_create_workspace, name_key
from storage.models import Company, Contact, LedgerEntry

SHOWCASE = {
    "Acme Logistics": ["Jane Doe", "Marcus Chen", "Priya Raman", "Tom Okafor"],
    "Globex Health": ["Sofia Alvarez", "Henrik Larsen", "Aiko Tanaka", "Daniel Brooks"],
    "Initech Finance": ["Leila Haddad", "Owen Murphy", "Grace Kim", "Rafael Costa"],
}
# Each company's people in the same order as SHOWCASE: title and function, and who the
# first of them reports to (the account view groups by function, the map draws the lines).
ROLES = [
    ("COO", "operations"),
    ("VP Finance", "finance"),
    ("IT Director", "it"),
    ("Procurement Manager", "procurement"),
]
STAGES = {"Acme Logistics": "long-term", "Globex Health": "engaged", "Initech Finance": "courting"}
GOOD = [
    "+2 {c}: delivered the migration two days early #promise-kept",
    "+1 {c}: sent the benchmark report they asked for #added-value",
    "+3 {c}: fixed their outage in under an hour #problem-solved",
    "+1 {c}: remembered their daughter's graduation #personal-touch",
    "{c}: shipped the integration on time",
    "+2 {c}: introduced them to our product lead #added-value",
]
BAD = [
    "-1 {c}: missed the Q3 report deadline #missed-deadline",
    "-2 {c}: invoice was wrong twice #mistake",
    "-3 {c}: they escalated the support backlog to their VP #escalation",
    "{c}: we were two weeks late with their questionnaire",
]
FACTS = [
    ("career", "wants to run operations for EMEA within two years"),
    ("measured", "on-time delivery rate and cost per shipment"),
    ("worries", "peak-season capacity and a board review in March"),
    ("goals", "cut onboarding time by a third this year; halfway there"),
    ("help", "a reference customer in retail would help her case"),
    ("interests", "trail running and jazz"),
    ("home", "Rotterdam"),
]
FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivo",
    "Jin",
    "Kai",
    "Lea",
    "Max",
    "Nia",
    "Oto",
    "Pia",
    "Quin",
    "Rui",
    "Sam",
    "Tao",
]
LAST = [
    "Adams",
    "Berg",
    "Cruz",
    "Diaz",
    "Egan",
    "Fox",
    "Gray",
    "Holt",
    "Ito",
    "Jung",
    "Kerr",
    "Lund",
    "Moss",
    "Nash",
    "Ortiz",
    "Park",
]


def load_showcase(core: Core, workspace: WorkspaceRef, user: str, now: datetime) -> int:
    """A dozen contacts at three companies with a few months of notes and facts.

    Returns how many notes were recorded (a note the core could not place is not counted).
    """
    rng = random.Random(7)
    # The person at the keyboard holds the contacts (`contact add`), but every note and
    # fact is authored by a demo rep: an `undo` of theirs never reverses demo history.
    keyboard = UserRef(user, user)
    rep = UserRef("demo-alex", "Alex (demo rep)")
    colleague = UserRef("sam", "Sam (colleague)")
    count = 0
    for company, people in SHOWCASE.items():
        for index, person in enumerate(people):
            contact = f"{person} ({company})"
            core.handle_message(IncomingMessage(workspace, keyboard, f"contact add {contact}"))
            mood = [0.85, 0.6, 0.35, 0.7][index]  # one struggling account per company
            quiet_days = [3, 12, 50, 25][index]
            for _ in range(rng.randint(5, 10)):
                days_back = rng.randint(quiet_days, 120)
                when = (now - timedelta(days=days_back)).date().isoformat()
                template = rng.choice(GOOD if rng.random() < mood else BAD)
                author = colleague if rng.random() < 0.2 else rep
                text = template.format(c=contact) + f" @{when}"
                reply = core.handle_message(IncomingMessage(workspace, author, text))
                count += reply.kind == "recorded"
            for key, value in rng.sample(FACTS, k=[4, 2, 1, 3][index]):
                core.handle_message(
                    IncomingMessage(workspace, rep, f"fact {person} {key}: {value} --shared")
                )
            title, function = ROLES[index]
            said = [f"contact role {person}: {title}, {function}"]
            if index:
                said.append(f"contact reports {person} to {people[0]}")
            for text in said:
                core.handle_message(IncomingMessage(workspace, rep, text))
        core.handle_message(IncomingMessage(workspace, rep, f"stage {company} {STAGES[company]}"))
        core.handle_message(
            IncomingMessage(workspace, rep, f"account {company} needs Chief Executive, executive")
        )
    return count


def _bulk_companies(session: Session, workspace_id: int, count: int, now: datetime) -> list[int]:
    """The "Company 000" … records of the scaled data set: made once, found on a re-run."""
    names = [f"Company {n:03d}" for n in range(max(count, 1))]
    existing = dict(
        session.execute(
            select(Company.name_key, Company.id).where(Company.workspace_id == workspace_id)
        ).all()
    )
    missing = [
        {"workspace_id": workspace_id, "name": name, "name_key": name_key(name), "created_at": now}
        for name in names
        if name_key(name) not in existing
    ]
    if missing:
        session.execute(insert(Company), missing)
        existing = dict(
            session.execute(
                select(Company.name_key, Company.id).where(Company.workspace_id == workspace_id)
            ).all()
        )
    return [existing[name_key(name)] for name in names]


def load_scaled(
    session_factory: sessionmaker[Session],
    workspace: WorkspaceRef,
    contacts: int,
    entries: int,
    now: datetime,
    half_life_days: float,
    reps: int = 10,
    seed: int = 1,
    chunk: int = 20_000,
) -> None:
    """`contacts` contacts and `entries` entries over the last year, inserted in bulk."""
    rng = random.Random(seed)
    with session_factory() as session:
        ws = get_or_create_workspace(session, workspace.platform, workspace.external_id, now)
        users = [
            get_or_create_user(session, ws.id, f"rep{n}", f"Rep {n}", None, now).id
            for n in range(1, reps + 1)
        ]
        session.flush()
        company_ids = _bulk_companies(session, ws.id, min(contacts, 500), now)
        contact_rows = []
        for n in range(contacts):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n:05d}"
            contact_rows.append(
                {
                    "workspace_id": ws.id, "name": name, "name_key": name_key(name),
                    "company_id": company_ids[n % len(company_ids)],
                    "created_by_id": users[n % reps],
                    "created_at": now - timedelta(days=400), "balance": 0, "credits": 0,
                    "debits": 0, "entry_count": 0, "decay_sum": 0.0,
                }
            )  # fmt: skip
        session.execute(insert(Contact), contact_rows)
        ids = list(
            session.scalars(
                select(Contact.id).where(Contact.workspace_id == ws.id).order_by(Contact.id)
            )
        )[-contacts:]
        totals = {cid: [0, 0, 0, 0, 0.0, None] for cid in ids}
        batch = []
        for n in range(entries):
            cid = ids[n % len(ids)]
            amount = rng.choice((1, 1, 2, 3, -1, -1, -2))
            occurred = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
            batch.append(
                {
                    "workspace_id": ws.id, "contact_id": cid,
                    "author_id": users[cid % reps], "amount": amount, "category": None,
                    "note": "checked in on the rollout" if amount > 0 else "late on a reply",
                    "occurred_at": occurred, "created_at": now, "sign_source": "given",
                }
            )  # fmt: skip
            t = totals[cid]
            t[0] += amount
            t[1] += max(amount, 0)
            t[2] += max(-amount, 0)
            t[3] += 1
            t[4] += amount * decay_weight(occurred, half_life_days)
            t[5] = occurred if t[5] is None or occurred > t[5] else t[5]
            if len(batch) >= chunk:
                session.execute(insert(LedgerEntry), batch)
                batch = []
        if batch:
            session.execute(insert(LedgerEntry), batch)
        session.execute(
            update(Contact.__table__).where(Contact.__table__.c.id == bindparam("cid")),
            [
                {
                    "cid": cid,
                    "balance": t[0],
                    "credits": t[1],
                    "debits": t[2],
                    "entry_count": t[3],
                    "decay_sum": t[4],
                    "last_touch_at": t[5],
                }
                for cid, t in totals.items()
            ],
        )
        contact_reps.backfill(session, ws.id)
        session.commit()
