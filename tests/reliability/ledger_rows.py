"""What the database holds, read the way an operator would: the JSON export, and the
ledger's platform ids."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import select

from bot.export import write_json
from handlers.policy import Policy
from handlers.profile.question_bank import QuestionBank
from storage.directory import find_workspace
from storage.engine import make_engine, make_session_factory
from storage.models import Contact, LedgerEntry, PendingNote

# Health depends on the time of reading; one fixed moment makes two exports comparable.
EXPORT_AT = datetime(2030, 1, 1, tzinfo=UTC)


def export(db_url: str, workspace: tuple[str, str] | None = None) -> dict:
    """`relcap export --format json` of everything (or of one workspace)."""
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            only = find_workspace(session, *workspace) if workspace else None
            if workspace and only is None:
                return {"workspaces": []}
            out = io.StringIO()
            write_json(session, out, Policy(), EXPORT_AT, only, bank=QuestionBank())
    finally:
        engine.dispose()
    return json.loads(out.getvalue())


def exported_source_ids(snapshot: dict) -> Counter:
    """How many ledger entries carry each platform id, over every workspace."""
    return Counter(
        entry["source_id"]
        for workspace in snapshot["workspaces"]
        for contact in workspace["contacts"]
        for entry in contact["entries"]
        if entry["source_id"]
    )


def source_ids(db_url: str) -> Counter:
    """Platform ids of the ledger and of notes saved as pending, with their counts."""
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            found = Counter(session.scalars(select(LedgerEntry.source_id)))
            found.update(session.scalars(select(PendingNote.source_id)))
    finally:
        engine.dispose()
    found.pop(None, None)
    return found


def pending_rows(db_url: str, workspace: tuple[str, str]) -> list[tuple]:
    """A workspace's pending notes as (id, status, contact, entry), which export omits."""
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            found = find_workspace(session, *workspace)
            if found is None:
                return []
            rows = session.execute(
                select(
                    PendingNote.id,
                    PendingNote.status,
                    PendingNote.contact_id,
                    PendingNote.entry_id,
                )
                .where(PendingNote.workspace_id == found.id)
                .order_by(PendingNote.id)
            ).all()
    finally:
        engine.dispose()
    return [tuple(row) for row in rows]


def row_ids(db_url: str, workspace: tuple[str, str]) -> dict[str, tuple[int, ...]]:
    """The ids of a workspace's entries, contacts and pending notes (for tampered values)."""
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            found = find_workspace(session, *workspace)
            ids = {}
            for name, column, owner in (
                ("entries", LedgerEntry.id, LedgerEntry.workspace_id),
                ("contacts", Contact.id, Contact.workspace_id),
                ("pending", PendingNote.id, PendingNote.workspace_id),
            ):
                ids[name] = tuple(session.scalars(select(column).where(owner == found.id)))
    finally:
        engine.dispose()
    return ids
