"""The competitor test as dated rows: each answer kept, the newest one current."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import LoyaltyAnswer

ANSWERS = ("yes", "unsure", "no")


class LoyaltyAnswers:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def record(
        self,
        contact_id: int,
        answer: str | None,
        why: str,
        recorded_by_id: int,
        now: datetime,
    ) -> LoyaltyAnswer:
        if answer is not None and answer not in ANSWERS:
            raise ValueError(f"a loyalty answer is one of {ANSWERS}, not {answer!r}")
        row = LoyaltyAnswer(
            workspace_id=self.workspace_id,
            contact_id=contact_id,
            answer=answer,
            why=why,
            recorded_by_id=recorded_by_id,
            recorded_at=now,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def latest(self, contact_id: int) -> LoyaltyAnswer | None:
        return self.session.scalars(
            select(LoyaltyAnswer)
            .where(
                LoyaltyAnswer.workspace_id == self.workspace_id,
                LoyaltyAnswer.contact_id == contact_id,
            )
            .order_by(LoyaltyAnswer.recorded_at.desc(), LoyaltyAnswer.id.desc())
            .limit(1)
        ).first()

    def latest_of(self, contact_ids: Iterable[int]) -> dict[int, LoyaltyAnswer]:
        """{contact: its newest answer} for these contacts (one read)."""
        ids = sorted(set(contact_ids))
        if not ids:
            return {}
        rows = self.session.scalars(
            select(LoyaltyAnswer)
            .where(
                LoyaltyAnswer.workspace_id == self.workspace_id,
                LoyaltyAnswer.contact_id.in_(ids),
            )
            .order_by(LoyaltyAnswer.recorded_at, LoyaltyAnswer.id)
        )
        return {row.contact_id: row for row in rows}  # the newest one wins

    def of(self, contact_id: int) -> list[LoyaltyAnswer]:
        """Every answer about one contact, oldest first."""
        return list(
            self.session.scalars(
                select(LoyaltyAnswer)
                .where(
                    LoyaltyAnswer.workspace_id == self.workspace_id,
                    LoyaltyAnswer.contact_id == contact_id,
                )
                .order_by(LoyaltyAnswer.recorded_at, LoyaltyAnswer.id)
            )
        )


def latest_dates(
    session: Session, workspace_id: int, contact_ids: Iterable[int]
) -> dict[int, datetime]:
    """{contact: when the competitor test was last answered} for these contacts."""
    ids = sorted(set(contact_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(LoyaltyAnswer.contact_id, func.max(LoyaltyAnswer.recorded_at))
        .where(LoyaltyAnswer.workspace_id == workspace_id, LoyaltyAnswer.contact_id.in_(ids))
        .group_by(LoyaltyAnswer.contact_id)
    )
    return {contact_id: newest for contact_id, newest in rows}
