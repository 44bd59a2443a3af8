"""The neutral sender port: how the core's scheduled messages reach a rep.

Each platform adapter implements it; the scheduler only knows this interface.
"""

from __future__ import annotations

from typing import Protocol

from handlers.messages import Reply, WorkspaceRef


class DeliveryError(Exception):
    """A send that failed; `retry_after` (seconds) when the platform said when to retry."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Sender(Protocol):
    platform: str  # "slack" | "teams" | "console"

    async def send(
        self, workspace: WorkspaceRef, user_external_id: str, address: dict, reply: Reply
    ) -> None:
        """Deliver `reply` to the rep at `address`; raise DeliveryError on failure."""
        ...
