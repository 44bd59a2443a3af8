"""Erasing one contact's data on a privacy request. The erasure itself is logged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from storage.models import (
    AuditEvent,
    Contact,
    ContactAlias,
    ContactRep,
    Fact,
    LedgerEntry,
    PendingNote,
)


def erase_contact(
    session: Session, workspace_id: int, contact_id: int, actor: str, now: datetime
) -> dict[str, int]:
    """Delete the contact and every row about it; returns how many rows of each went."""
    counts = {}
    scoped = (
        ("pending", PendingNote),
        ("facts", Fact),
        ("aliases", ContactAlias),
        ("reps", ContactRep),
        ("entries", LedgerEntry),
    )
    for name, model in scoped:
        result = session.execute(
            delete(model).where(model.workspace_id == workspace_id, model.contact_id == contact_id)
        )
        counts[name] = result.rowcount
    session.execute(
        update(Contact)
        .where(Contact.workspace_id == workspace_id, Contact.merged_into_id == contact_id)
        .values(merged_into_id=None)
    )
    session.execute(
        delete(Contact).where(Contact.workspace_id == workspace_id, Contact.id == contact_id)
    )
    # The log keeps the fact of the erasure, not the personal data that was erased.
    session.add(
        AuditEvent(
            workspace_id=workspace_id,
            actor=actor,
            action="contact.erase",
            detail={"contact_id": contact_id, **counts},
            created_at=now,
        )
    )
    return counts
