"""Notes that could not be placed yet; never dropped, placed by the rep's choice."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import PendingNote


class PendingNotes:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def add(self, **fields) -> PendingNote:
        """Save a note that cannot be placed yet (columns of PendingNote as keywords)."""
        pending = PendingNote(workspace_id=self.workspace_id, **fields)
        self.session.add(pending)
        self.session.flush()
        return pending

    def get(self, pending_id: int) -> PendingNote | None:
        return self.session.scalars(
            select(PendingNote).where(
                PendingNote.workspace_id == self.workspace_id, PendingNote.id == pending_id
            )
        ).first()

    def by_source(self, source_id: str) -> PendingNote | None:
        return self.session.scalars(
            select(PendingNote).where(
                PendingNote.workspace_id == self.workspace_id,
                PendingNote.source_id == source_id,
            )
        ).first()

    def open_of(self, user_id: int, limit: int) -> list[PendingNote]:
        """The rep's notes still waiting for a choice, oldest first."""
        return list(
            self.session.scalars(
                select(PendingNote)
                .where(
                    PendingNote.workspace_id == self.workspace_id,
                    PendingNote.user_id == user_id,
                    PendingNote.status == "open",
                )
                .order_by(PendingNote.created_at, PendingNote.id)
                .limit(limit)
            )
        )

    def count_open(self, user_id: int) -> int:
        return (
            self.session.scalar(
                select(func.count()).where(
                    PendingNote.workspace_id == self.workspace_id,
                    PendingNote.user_id == user_id,
                    PendingNote.status == "open",
                )
            )
            or 0
        )
