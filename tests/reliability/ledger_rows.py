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
from storage.directory import find_workspace
from storage.engine import make_engine, make_session_factory
from storage.models import LedgerEntry, PendingNote

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
            write_json(session, out, Policy(), EXPORT_AT, only)
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
