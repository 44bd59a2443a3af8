"""The rep ↔ contact rows behind "your contacts"."""

from __future__ import annotations

from sqlalchemy import func, insert, select, union, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import Contact, ContactRep, LedgerEntry


def link(
    session: Session, workspace_id: int, user_id: int, contact_id: int, notes: int = 0
) -> None:
    """Record that the rep holds this contact, and count `notes` more entries by them."""
    dialect = session.get_bind().dialect.name
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = builder(ContactRep).values(
        workspace_id=workspace_id, user_id=user_id, contact_id=contact_id, notes=notes
    )
    if notes:
        statement = statement.on_conflict_do_update(
            index_elements=["workspace_id", "user_id", "contact_id"],
            set_={"notes": ContactRep.notes + notes},
        )
    else:
        statement = statement.on_conflict_do_nothing()
    session.execute(statement)


def backfill(session: Session, workspace_id: int | None = None) -> None:
    """Derive the rows from creators and entry authors (after bulk loads and merges)."""
    creators = select(Contact.workspace_id, Contact.created_by_id, Contact.id).where(
        Contact.created_by_id.is_not(None)
    )
    authors = select(LedgerEntry.workspace_id, LedgerEntry.author_id, LedgerEntry.contact_id)
    if workspace_id is not None:
        creators = creators.where(Contact.workspace_id == workspace_id)
        authors = authors.where(LedgerEntry.workspace_id == workspace_id)
    pairs = union(creators, authors).subquery()
    existing = select(ContactRep.workspace_id).where(
        ContactRep.workspace_id == pairs.c[0],
        ContactRep.user_id == pairs.c[1],
        ContactRep.contact_id == pairs.c[2],
    )
    session.execute(
        insert(ContactRep).from_select(
            ["workspace_id", "user_id", "contact_id"],
            select(pairs.c[0], pairs.c[1], pairs.c[2]).where(~existing.exists()),
        )
    )
    recount(session, workspace_id)


def recount(session: Session, workspace_id: int | None = None) -> None:
    """Set every row's note count from the ledger (after bulk loads and merges): one
    grouped pass over the entries, then one UPDATE … FROM, not a count per row."""
    counted = select(
        LedgerEntry.workspace_id,
        LedgerEntry.contact_id,
        LedgerEntry.author_id,
        func.count().label("n"),
    ).where(LedgerEntry.reverses_id.is_(None))
    reset = update(ContactRep).values(notes=0)
    if workspace_id is not None:
        counted = counted.where(LedgerEntry.workspace_id == workspace_id)
        reset = reset.where(ContactRep.workspace_id == workspace_id)
    counts = counted.group_by(
        LedgerEntry.workspace_id, LedgerEntry.contact_id, LedgerEntry.author_id
    ).subquery()
    session.execute(reset.execution_options(synchronize_session=False))
    session.execute(
        update(ContactRep)
        .values(notes=counts.c.n)
        .where(
            ContactRep.workspace_id == counts.c.workspace_id,
            ContactRep.contact_id == counts.c.contact_id,
            ContactRep.user_id == counts.c.author_id,
        )
        .execution_options(synchronize_session=False)
    )
