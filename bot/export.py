"""`relcap export`: every workspace (or one) as JSON or CSV, streamed."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.health.contact_health import contact_health_from
from handlers.policy import Policy
from handlers.profile.question_bank import QuestionBank
from storage.facts import Facts
from storage.models import Contact, Fact, LedgerEntry, User, Workspace

CSV_COLUMNS = (
    "workspace", "contact_id", "contact", "company", "email", "balance", "health",
    "entry_id", "amount", "note", "category", "author", "occurred_at", "created_at",
    "reverses", "source_id",
)  # fmt: skip

# A cell starting with one of these runs as a formula when a spreadsheet opens the CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Prefix formula-looking text with a quote (OWASP CSV injection advice); numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def workspaces(session: Session, only: Workspace | None) -> list[Workspace]:
    if only is not None:
        return [only]
    return list(session.scalars(select(Workspace).order_by(Workspace.id)))


def contacts_with_rows(
    session: Session,
    workspace: Workspace,
    policy: Policy,
    now: datetime,
    bank: QuestionBank,
    personal: bool = True,
) -> Iterator[dict]:
    """One dict per contact with its entries and facts, reading each table once, in order.

    `bank` is the process's one question bank (the health score reads its fact keys)."""
    contacts = list(
        session.scalars(
            select(Contact).where(Contact.workspace_id == workspace.id).order_by(Contact.id)
        )
    )
    dates = Facts(session, workspace.id).professional_dates(c.id for c in contacts)
    authors = dict(
        session.execute(
            select(User.id, User.external_id).where(User.workspace_id == workspace.id)
        ).all()
    )
    entries = session.execute(
        select(LedgerEntry)
        .where(LedgerEntry.workspace_id == workspace.id)
        .order_by(LedgerEntry.contact_id, LedgerEntry.id)
        .execution_options(yield_per=5000)
    ).scalars()
    only_facts = [Fact.workspace_id == workspace.id]
    if not personal:  # --no-personal: a customer's private life stays out of the file
        only_facts.append(Fact.side != "personal")
    facts = session.execute(
        select(Fact)
        .where(*only_facts)
        .order_by(Fact.contact_id, Fact.id)
        .execution_options(yield_per=5000)
    ).scalars()
    next_entry, next_fact = next(entries, None), next(facts, None)
    for contact in contacts:
        rows = []
        while next_entry is not None and next_entry.contact_id <= contact.id:
            if next_entry.contact_id == contact.id:
                rows.append(next_entry)
            next_entry = next(entries, None)
        known = []
        while next_fact is not None and next_fact.contact_id <= contact.id:
            if next_fact.contact_id == contact.id:
                known.append(next_fact)
            next_fact = next(facts, None)
        score = contact_health_from(contact, dates.get(contact.id, {}), bank, policy, now)
        yield {
            "id": contact.id,
            "name": contact.name,
            "company": contact.company,
            "email": contact.email,
            "archived": contact.archived_at is not None,
            "balance": contact.balance,
            "health": score.score,
            "entries": [
                {
                    "id": e.id,
                    "amount": e.amount,
                    "note": e.note,
                    "category": e.category,
                    "author": authors.get(e.author_id),
                    "occurred_at": _iso(e.occurred_at),
                    "created_at": _iso(e.created_at),
                    "reverses": e.reverses_id,
                    "source_id": e.source_id,
                }
                for e in rows
            ],
            "facts": [
                {
                    "key": f.key,
                    "value": f.value,
                    "side": f.side,
                    "shared": f.shared,
                    "recorded_by": authors.get(f.recorded_by_id),
                    "recorded_at": _iso(f.recorded_at),
                }
                for f in known
            ],
        }


def write_json(
    session: Session,
    out: TextIO,
    policy: Policy,
    now: datetime,
    only: Workspace | None = None,
    *,
    bank: QuestionBank,
    personal: bool = True,
) -> None:
    out.write('{"workspaces":[')
    for w_index, workspace in enumerate(workspaces(session, only)):
        out.write("," if w_index else "")
        head = json.dumps({"platform": workspace.platform, "external_id": workspace.external_id})
        out.write(head[:-1] + ',"contacts":[')
        for c_index, contact in enumerate(
            contacts_with_rows(session, workspace, policy, now, bank, personal)
        ):
            out.write(("," if c_index else "") + json.dumps(contact, ensure_ascii=False))
        out.write("]}")
    out.write("]}\n")


def write_csv(
    session: Session,
    out: TextIO,
    policy: Policy,
    now: datetime,
    only: Workspace | None = None,
    *,
    bank: QuestionBank,
    personal: bool = True,
) -> None:
    plain = csv.writer(out)
    plain.writerow(CSV_COLUMNS)

    class _SafeWriter:
        def writerow(self, row: list) -> None:
            plain.writerow([spreadsheet_safe(cell) for cell in row])

    writer = _SafeWriter()
    for workspace in workspaces(session, only):
        label = f"{workspace.platform}:{workspace.external_id}"
        for contact in contacts_with_rows(session, workspace, policy, now, bank, personal):
            head = [
                label,
                contact["id"],
                contact["name"],
                contact["company"],
                contact["email"],
                contact["balance"],
                contact["health"],
            ]
            if not contact["entries"]:
                writer.writerow(head + [""] * 9)
            for e in contact["entries"]:
                writer.writerow(
                    [
                        *head,
                        e["id"],
                        e["amount"],
                        e["note"],
                        e["category"],
                        e["author"],
                        e["occurred_at"],
                        e["created_at"],
                        e["reverses"],
                        e["source_id"],
                    ]
                )
