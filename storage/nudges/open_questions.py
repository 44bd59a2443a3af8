"""A rep's questions still waiting for an answer: a read-side view for the typed
`snooze`, `skip` and `not about` commands."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.nudges.models import Nudge


class OpenQuestion(NamedTuple):
    nudge_id: int
    contact_id: int


def open_questions(session: Session, workspace_id: int, user_id: int) -> list[OpenQuestion]:
    """The rep's delivered, unanswered questions, newest first."""
    rows = session.execute(
        select(Nudge.id, Nudge.contact_id)
        .where(
            Nudge.workspace_id == workspace_id,
            Nudge.user_id == user_id,
            Nudge.kind == "question",
            Nudge.status == "sent",
            Nudge.contact_id.is_not(None),
        )
        .order_by(Nudge.sent_at.desc(), Nudge.id.desc())
    )
    return [OpenQuestion(nudge_id, contact_id) for nudge_id, contact_id in rows]
