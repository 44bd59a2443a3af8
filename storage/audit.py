"""The audit trail: who did what to a workspace's data, for the actions that move or
remove rows (merges, erasures)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.models import AuditEvent


class AuditLog:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def record(self, actor: str, action: str, detail: dict, now: datetime) -> AuditEvent:
        event = AuditEvent(
            workspace_id=self.workspace_id,
            actor=actor,
            action=action,
            detail=detail,
            created_at=now,
        )
        self.session.add(event)
        return event
