"""Erasing one contact's data on a privacy request. The erasure itself is logged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

from storage.directory import name_key
from storage.models import AuditEvent, Contact, ContactAlias, PendingNote
from storage.schema import metadata

# How the counts name the tables a contact's rows live in.
COUNT_NAMES = {
    "ledger_entries": "entries",
    "facts": "facts",
    "pending_notes": "pending",
    "contact_aliases": "aliases",
    "loyalty_answers": "loyalty answers",
    "stage_changes": "stage changes",
    "feedback_items": "retrospective items",
}


def same_person(session: Session, workspace_id: int, contact_id: int) -> list[int]:
    """The contact and every contact merged into it, directly or through another merge."""
    ids, frontier = [contact_id], [contact_id]
    while frontier:
        frontier = list(
            session.scalars(
                select(Contact.id).where(
                    Contact.workspace_id == workspace_id, Contact.merged_into_id.in_(frontier)
                )
            )
        )
        frontier = [i for i in frontier if i not in ids]
        ids += frontier
    return ids


def _erase_unplaced_notes_naming(session: Session, workspace_id: int, ids: list[int]) -> int:
    """Pending notes still waiting for a contact choice that name this person."""
    names = {
        name_key(value)
        for row in session.execute(
            select(Contact.name, Contact.email).where(
                Contact.workspace_id == workspace_id, Contact.id.in_(ids)
            )
        )
        for value in row
        if value
    }
    names |= {
        name_key(alias)
        for alias in session.scalars(
            select(ContactAlias.alias).where(
                ContactAlias.workspace_id == workspace_id, ContactAlias.contact_id.in_(ids)
            )
        )
    }
    unplaced = session.execute(
        select(PendingNote.id, PendingNote.contact_text).where(
            PendingNote.workspace_id == workspace_id, PendingNote.contact_id.is_(None)
        )
    ).all()
    doomed = [row.id for row in unplaced if name_key(row.contact_text) in names]
    if doomed:
        session.execute(delete(PendingNote).where(PendingNote.id.in_(doomed)))
    return len(doomed)


def _rows_about_contacts() -> list[Table]:
    """Every table with a contact_id, dependents first (a pending note points at an entry)."""
    return [
        table
        for table in reversed(metadata.sorted_tables)
        if table.name != Contact.__tablename__ and "contact_id" in table.c
    ]


def erase_contact(
    session: Session, workspace_id: int, contact_id: int, actor: str, now: datetime
) -> dict[str, int]:
    """Delete the contact, the contacts merged into it, and every row about them.

    Returns how many rows of each kind went. The audit event keeps ids and counts only,
    never the personal data that was erased.
    """
    ids = same_person(session, workspace_id, contact_id)
    counts = {name: 0 for name in COUNT_NAMES.values()}
    counts["pending"] += _erase_unplaced_notes_naming(session, workspace_id, ids)
    for table in _rows_about_contacts():
        query = delete(table).where(table.c.contact_id.in_(ids))
        if "workspace_id" in table.c:
            query = query.where(table.c.workspace_id == workspace_id)
        result = session.execute(query)
        name = COUNT_NAMES.get(table.name, table.name)
        counts[name] = counts.get(name, 0) + result.rowcount
    # Whoever reported to them keeps their place at the company, without the line.
    session.execute(
        update(Contact)
        .where(Contact.workspace_id == workspace_id, Contact.reports_to_id.in_(ids))
        .values(reports_to_id=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(Contact).where(Contact.workspace_id == workspace_id, Contact.id.in_(ids))
    )
    session.add(
        AuditEvent(
            workspace_id=workspace_id,
            actor=actor,
            action="contact.erase",
            detail={"contact_id": contact_id, "merged": ids[1:], **counts},
            created_at=now,
        )
    )
    return counts
