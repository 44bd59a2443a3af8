"""`relcap export`: every workspace (or one) as JSON or CSV, streamed."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.health.contact_health import contact_health_from
from handlers.policy import Policy
from handlers.profile.question_bank import QuestionBank
from storage.facts import Facts
from storage.models import Contact, Fact, LedgerEntry, LoyaltyAnswer, User, Workspace
from storage.schema import metadata
from storage.stages.repository import stages_of

CSV_COLUMNS = (
    "workspace", "contact_id", "contact", "company", "email", "balance", "health",
    "role", "function", "reports_to", "not_met", "entry_id", "amount", "note", "category",
    "author", "occurred_at", "created_at", "reverses", "source_id", "link",
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
    stages = stages_of(session, workspace.id, contacts)
    names = {c.id: c.name for c in contacts}
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
    loyalty: dict[int, list[LoyaltyAnswer]] = {}
    for answer in session.scalars(
        select(LoyaltyAnswer)
        .where(LoyaltyAnswer.workspace_id == workspace.id)
        .order_by(LoyaltyAnswer.contact_id, LoyaltyAnswer.id)
    ):
        loyalty.setdefault(answer.contact_id, []).append(answer)
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
        score = contact_health_from(
            contact, dates.get(contact.id, {}), bank, policy, now, stages.get(contact.id)
        )
        yield {
            "id": contact.id,
            "name": contact.name,
            "company": contact.company,
            "company_id": contact.company_id,
            "role": contact.role,
            "function": contact.function,
            "reports_to_id": contact.reports_to_id,
            "reports_to": names.get(contact.reports_to_id),
            "not_met": contact.not_met,
            "email": contact.email,
            "archived": contact.archived_at is not None,
            "balance": contact.balance,
            "health": score.score,
            "stage": score.stage,  # the account's (or their own), whose expectations it used
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
                    "link": e.link,  # the chat message a captured note came from
                    "kind": e.kind,
                }
                for e in rows
            ],
            "loyalty": [
                {
                    "answer": a.answer,
                    "why": a.why,
                    "recorded_by": authors.get(a.recorded_by_id),
                    "recorded_at": _iso(a.recorded_at),
                }
                for a in loyalty.get(contact.id, [])
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
        out.write("]")
        for name in JSON_TABLES:  # the same tables as the CSV folder, beside the contacts
            rows = [_json_row(row) for row in _table_rows(session, name, [workspace.id], True)]
            out.write(f',"{name}":' + json.dumps(rows, ensure_ascii=False))
        out.write("}")
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
                contact["role"],
                contact["function"],
                contact["reports_to"],
                contact["not_met"],
            ]
            if not contact["entries"]:
                writer.writerow(head + [""] * (len(CSV_COLUMNS) - len(head)))
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
                        e["link"],
                    ]
                )


# `export --format csv -o DIR` (or `-o file.zip`): one CSV per table, rows scoped to the
# exported workspaces. Conversation addresses and OAuth tokens are left out on purpose:
# they are platform plumbing, not the rep's data.
TABLES = (
    "workspaces", "users", "companies", "company_aliases", "company_domains", "contacts",
    "contact_aliases", "ledger_entries", "facts", "loyalty_answers",
    "promises", "pending_notes", "audit_events", "fix_plans", "made_right",
    "stage_changes", "feedback_items",
)  # fmt: skip


def write_tables(
    session: Session, target: Path, only: Workspace | None = None, *, personal: bool = True
) -> list[str]:
    """Write each table as `<table>.csv` into the folder `target`, or into the zip file
    `target` when it ends with `.zip`; the names written."""
    ids = [w.id for w in workspaces(session, only)]
    files: list[tuple[str, str]] = []
    for name in TABLES:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([column.name for column in metadata.tables[name].columns])
        for row in _table_rows(session, name, ids, personal):
            writer.writerow([spreadsheet_safe(_cell(value)) for value in row])
        files.append((f"{name}.csv", buffer.getvalue()))
    if target.suffix.lower() == ".zip":
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for filename, text in files:
                archive.writestr(filename, text)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for filename, text in files:
            (target / filename).write_text(text, encoding="utf-8")
    return [filename for filename, _ in files]


JSON_TABLES = (
    "companies",
    "company_aliases",
    "company_domains",
    "promises",
    "pending_notes",
    "fix_plans",
    "made_right",
    "stage_changes",
    "feedback_items",
)  # the JSON's contacts carry entries and facts


def _table_rows(session: Session, name: str, workspace_ids: list[int], personal: bool):
    table = metadata.tables[name]
    scope = table.c.id if name == "workspaces" else table.c.workspace_id
    query = select(table).where(scope.in_(workspace_ids)).order_by(*table.primary_key.columns)
    if name == "facts" and not personal:
        query = query.where(table.c.side != "personal")
    return session.execute(query)


def _json_row(row) -> dict:
    return {
        key: value.isoformat() if isinstance(value, datetime | date) else value
        for key, value in row._mapping.items()
    }


def _cell(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value
