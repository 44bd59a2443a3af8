"""`uow.briefs`: what a call brief and the next-step rules read about one contact."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, exists, select
from sqlalchemy.orm import Session, aliased

from storage.models import LedgerEntry, User
from storage.nudges.models import Promise


def _effective(entry):
    """Neither a reversing entry nor one that was reversed: what the rep still stands by."""
    reversal = aliased(LedgerEntry)
    return entry.reverses_id.is_(None) & ~exists().where(reversal.reverses_id == entry.id)


class BriefViews:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def notes(self, contact_id: int, limit: int, debits_only: bool = False) -> Sequence[Row]:
        """(entry, author name) of the newest effective entries, newest first."""
        query = (
            select(LedgerEntry, User.display_name)
            .join(User, User.id == LedgerEntry.author_id)
            .where(
                LedgerEntry.workspace_id == self.workspace_id,
                LedgerEntry.contact_id == contact_id,
                _effective(LedgerEntry),
            )
            .order_by(LedgerEntry.occurred_at.desc(), LedgerEntry.id.desc())
            .limit(limit)
        )
        if debits_only:
            query = query.where(LedgerEntry.amount < 0)
        return self.session.execute(query).all()

    def open_promises(self, contact_id: int) -> Sequence[Row]:
        """(promise, promiser's name) of every rep's open promises to the contact, soonest
        first: whoever calls should know what the company owes."""
        return self.session.execute(
            select(Promise, User.display_name)
            .join(User, User.id == Promise.user_id)
            .where(
                Promise.workspace_id == self.workspace_id,
                Promise.contact_id == contact_id,
                Promise.status == "open",
            )
            .order_by(Promise.due_date, Promise.id)
        ).all()
