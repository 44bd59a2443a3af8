"""`uow.digests`: what the weekly digests read, for one workspace."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Row, exists, select
from sqlalchemy.orm import Session, aliased

from storage.models import Contact, Fact, LedgerEntry
from storage.nudges.models import Promise


class DigestViews:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def entries_by(self, author_id: int, since: datetime) -> Sequence[Row]:
        """(contact_id, amount, note) of the rep's entries from `since` on, oldest first.

        An entry undone within the same week is left out with its reversal: the pair
        moves no balance, and counted it would show as a credit and a debit that never
        were (the balance view leaves them out too). A reversal of an older entry stays.
        """
        other = aliased(LedgerEntry)
        in_week = (
            (other.workspace_id == self.workspace_id)
            & (other.author_id == author_id)
            & (other.occurred_at >= since)
        )
        undone = exists().where(in_week & (other.reverses_id == LedgerEntry.id))
        undoes = exists().where(in_week & (other.id == LedgerEntry.reverses_id))
        return self.session.execute(
            select(LedgerEntry.contact_id, LedgerEntry.amount, LedgerEntry.note)
            .where(
                LedgerEntry.workspace_id == self.workspace_id,
                LedgerEntry.author_id == author_id,
                LedgerEntry.occurred_at >= since,
                ~undone,
                ~undoes,
            )
            .order_by(LedgerEntry.occurred_at)
        ).all()

    def open_promises_due_by(self, user_id: int, last_day: date) -> Sequence[Promise]:
        """The rep's open promises due on or before `last_day` (overdue ones included)."""
        return self.session.scalars(
            select(Promise)
            .where(
                Promise.workspace_id == self.workspace_id,
                Promise.user_id == user_id,
                Promise.status == "open",
                Promise.due_date <= last_day,
            )
            .order_by(Promise.due_date)
        ).all()

    def facts_learned(self, recorded_by_id: int, since: datetime) -> Sequence[Row]:
        """(contact_id, key, value) of the facts the rep recorded from `since` on."""
        return self.session.execute(
            select(Fact.contact_id, Fact.key, Fact.value)
            .where(
                Fact.workspace_id == self.workspace_id,
                Fact.recorded_by_id == recorded_by_id,
                Fact.recorded_at >= since,
            )
            .order_by(Fact.recorded_at)
        ).all()

    def active_contacts(self) -> Sequence[Contact]:
        """Every contact of the workspace not archived (the team digest's scope)."""
        return self.session.scalars(
            select(Contact).where(
                Contact.workspace_id == self.workspace_id, Contact.archived_at.is_(None)
            )
        ).all()
