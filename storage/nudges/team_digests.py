"""`uow.team_digests`: where a workspace's weekly team digest goes (one row at most)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.nudges.models import TeamDigest


class TeamDigests:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def current(self) -> TeamDigest | None:
        return self.session.scalars(
            select(TeamDigest).where(TeamDigest.workspace_id == self.workspace_id)
        ).first()

    def set(
        self, set_by_id: int, address: dict, label: str, now: datetime, scope: str = ""
    ) -> TeamDigest:
        """Point the digest at this channel (the one row is created or replaced)."""
        row = self.current()
        if row is None:
            row = TeamDigest(workspace_id=self.workspace_id)
            self.session.add(row)
        row.set_by_id, row.address, row.label, row.updated_at = set_by_id, address, label, now
        row.scope = scope
        return row

    def clear(self) -> None:
        row = self.current()
        if row is not None:
            self.session.delete(row)
