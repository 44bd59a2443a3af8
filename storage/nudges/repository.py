"""`uow.nudges`: one workspace's nudge slots (claiming, content), a rep's answers to
them, and the contacts a rep asked not to be asked about (mutes)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.nudges import slots
from storage.nudges.models import Nudge, NudgeMute


class OpenQuestion(NamedTuple):
    nudge_id: int
    contact_id: int


class Nudges:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    # Claiming (the morning pass)

    def claimed_slots(
        self, user_ids: Sequence[int], days: Sequence[date]
    ) -> set[tuple[int, date, str]]:
        """(user, local date, slot) already claimed for these reps and days."""
        return slots.claimed_slots(self.session, self.workspace_id, user_ids, days)

    def claimed_ever(self, user_ids: Sequence[int], names: Sequence[str]) -> set[tuple[int, str]]:
        """(user, slot) among these slot names claimed on any day: a once-only message
        (a date's reminder) is not sent again the next morning."""
        return slots.claimed_ever(self.session, self.workspace_id, user_ids, names)

    def claim(self, values: dict) -> int | None:
        """Insert one slot row of this workspace; its id, or None when already claimed."""
        return slots.claim(self.session, {**values, "workspace_id": self.workspace_id})

    def claim_many(self, rows: list[dict]) -> dict[tuple[int, date, str], int]:
        """Insert many slot rows at once; the ids this process claimed by (user, day, slot)."""
        scoped = [{**row, "workspace_id": self.workspace_id} for row in rows]
        return slots.claim_many(self.session, scoped)

    def set_payload(self, nudge_id: int, payload: dict) -> None:
        """Store a claimed slot's message (the slot was claimed in this transaction)."""
        slots.set_payload(self.session, nudge_id, payload)

    # Answers (a rep's buttons and replies)

    def of(self, user_id: int, nudge_id: int) -> Nudge | None:
        """A rep's own nudge (a button value can only reach the presser's rows)."""
        return slots.nudge_of(self.session, self.workspace_id, user_id, nudge_id)

    def open_question(self, user_id: int) -> Nudge | None:
        """The rep's newest question still waiting for an answer."""
        return self.session.scalars(
            select(Nudge)
            .where(
                Nudge.workspace_id == self.workspace_id,
                Nudge.user_id == user_id,
                Nudge.kind == "question",
                Nudge.status == "sent",
            )
            .order_by(Nudge.sent_at.desc(), Nudge.id.desc())
            .limit(1)
        ).first()

    def open_questions(self, user_id: int, expired: bool = False) -> list[OpenQuestion]:
        """The rep's delivered, unanswered questions about a contact, newest first; with
        `expired`, the ones that expired unanswered instead (they still take a late answer)."""
        rows = self.session.execute(
            select(Nudge.id, Nudge.contact_id)
            .where(
                Nudge.workspace_id == self.workspace_id,
                Nudge.user_id == user_id,
                Nudge.kind == "question",
                Nudge.status == ("expired" if expired else "sent"),
                Nudge.contact_id.is_not(None),
            )
            .order_by(Nudge.sent_at.desc(), Nudge.id.desc())
        )
        return [OpenQuestion(nudge_id, contact_id) for nudge_id, contact_id in rows]

    def close(
        self, nudge: Nudge, status: str, now: datetime, snooze_until: date | None = None
    ) -> None:
        """Answered, skipped, snoozed (until a day) or excluded: it takes no more answers."""
        nudge.status, nudge.closed_at = status, now
        if snooze_until is not None:
            nudge.snooze_until = snooze_until

    # Mutes

    def mute(self, user_id: int, contact_id: int, now: datetime) -> None:
        """The rep is not asked about this contact again (once is enough)."""
        muted = self.session.scalars(
            select(NudgeMute.id).where(
                NudgeMute.workspace_id == self.workspace_id,
                NudgeMute.user_id == user_id,
                NudgeMute.contact_id == contact_id,
            )
        ).first()
        if muted is None:
            self.session.add(
                NudgeMute(
                    workspace_id=self.workspace_id,
                    user_id=user_id,
                    contact_id=contact_id,
                    created_at=now,
                )
            )
