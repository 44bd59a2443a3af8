"""`uow.addresses`: the reps' conversation addresses of one workspace (see addresses.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.addresses import address_of, save_address
from storage.models import ConversationAddress


class Addresses:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def save(self, user_id: int, platform: str, address: dict, now: datetime) -> None:
        """Insert or refresh the rep's address (the newest one wins)."""
        save_address(self.session, self.workspace_id, user_id, platform, address, now)

    def of(self, user_id: int) -> ConversationAddress | None:
        return address_of(self.session, self.workspace_id, user_id)
