"""`uow.addresses`: the reps' conversation addresses of one workspace (see addresses.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.addresses import (
    StoredChannel,
    address_of,
    forget_address,
    forget_channels,
    known_channels,
    save_address,
    save_channel,
)
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

    def forget(self, user_id: int) -> bool:
        """The rep removed the app from their chat: their address goes (nudges stop)."""
        return forget_address(self.session, self.workspace_id, user_id)

    # Shared channels the bot was added to (a Teams team's channel)

    def save_channel(self, platform: str, channel: StoredChannel, now: datetime) -> None:
        save_channel(self.session, self.workspace_id, platform, channel, now)

    def channels(self, platform: str) -> list[StoredChannel]:
        return known_channels(self.session, self.workspace_id, platform)

    def forget_channels(self, platform: str, scope: str) -> int:
        return forget_channels(self.session, self.workspace_id, platform, scope)
