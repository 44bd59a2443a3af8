"""Reading and saving a rep's nudge preferences."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.nudges import checks
from storage.nudges.models import NudgePrefs


def prefs_of(session: Session, workspace_id: int, user_id: int) -> NudgePrefs | None:
    return session.scalars(
        select(NudgePrefs).where(
            NudgePrefs.workspace_id == workspace_id, NudgePrefs.user_id == user_id
        )
    ).first()


def editable_prefs(session: Session, workspace_id: int, user_id: int, now: datetime) -> NudgePrefs:
    """The rep's row, created with the defaults on first change."""
    checks.wake(session, workspace_id, user_id)  # a change may move their next send
    row = prefs_of(session, workspace_id, user_id)
    if row is not None:
        row.updated_at = now
        return row
    try:
        with session.begin_nested():
            row = NudgePrefs(
                workspace_id=workspace_id,
                user_id=user_id,
                send_time="09:00",
                days="0,1,2,3,4",
                per_day=1,
                enabled=True,
                updated_at=now,
            )
            session.add(row)
    except IntegrityError:  # created by a concurrent request
        row = prefs_of(session, workspace_id, user_id)
        assert row is not None
    return row


class Prefs:
    """`uow.prefs`: the reps' nudge preferences in one workspace."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def of(self, user_id: int) -> NudgePrefs | None:
        return prefs_of(self.session, self.workspace_id, user_id)

    def editable(self, user_id: int, now: datetime) -> NudgePrefs:
        """The rep's row, created with the defaults on first change."""
        return editable_prefs(self.session, self.workspace_id, user_id, now)
