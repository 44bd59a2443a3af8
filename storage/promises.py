"""Promises a rep made to contacts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.nudges import checks
from storage.nudges.models import Promise


class Promises:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def add(
        self,
        user_id: int,
        contact_id: int,
        text: str,
        due_date: date,
        now: datetime,
        source_id: str | None = None,
    ) -> Promise:
        promise = Promise(
            workspace_id=self.workspace_id,
            user_id=user_id,
            contact_id=contact_id,
            text=text,
            due_date=due_date,
            status="open",
            source_id=source_id,
            created_at=now,
        )
        self.session.add(promise)
        self.session.flush()
        checks.wake(self.session, self.workspace_id, user_id)  # it may be checked today
        return promise

    def by_source(self, source_id: str) -> Promise | None:
        return self.session.scalars(
            select(Promise).where(
                Promise.workspace_id == self.workspace_id, Promise.source_id == source_id
            )
        ).first()

    def get(self, user_id: int, promise_id: int) -> Promise | None:
        """One of the rep's own promises."""
        return self.session.scalars(
            select(Promise).where(
                Promise.workspace_id == self.workspace_id,
                Promise.user_id == user_id,
                Promise.id == promise_id,
            )
        ).first()

    def open_of(self, user_id: int) -> Sequence[Promise]:
        return self.session.scalars(
            select(Promise)
            .where(
                Promise.workspace_id == self.workspace_id,
                Promise.user_id == user_id,
                Promise.status == "open",
            )
            .order_by(Promise.due_date, Promise.id)
        ).all()

    def close(self, promise: Promise, status: str, now: datetime, entry_id: int | None) -> None:
        """Kept or missed, with the ledger entry that recorded it."""
        promise.status, promise.closed_at, promise.entry_id = status, now, entry_id

    def move(self, promise: Promise, due_date: date) -> None:
        promise.due_date = due_date
        checks.wake(self.session, self.workspace_id, promise.user_id)
