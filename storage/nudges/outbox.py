"""`uow.outbox`: the scheduler's view of every workspace's claimed slots: which reps can
be reached, what is due to send, leasing, outcomes and expiry.

It reads across workspaces by design (one pass serves every tenant); each row it hands
out carries its own workspace, and nothing here reads tenant content beyond a slot's
stored message and address.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ConversationAddress, User, Workspace
from storage.nudges import checks, slots
from storage.nudges.models import Nudge
from storage.nudges.reps import (
    ReachableRep,
    reachable_reps,
    reps_to_check,
    with_workspace_and_address,
)


@dataclass(frozen=True)
class LeasedSlot:
    """A slot this process leased for sending, with where it goes."""

    nudge_id: int
    kind: str
    attempts: int
    due_at: datetime
    payload: dict
    platform: str
    workspace_external_id: str
    user_external_id: str
    address: dict | None  # the rep's stored address; None when the rep has none


class Outbox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def reachable_reps(self, platforms: tuple[str, ...]) -> list[ReachableRep]:
        return reachable_reps(self.session, platforms)

    def reps_to_check(self, platforms: tuple[str, ...], now: datetime) -> list[ReachableRep]:
        return reps_to_check(self.session, platforms, now)

    def move_on(self, next_checks: Sequence[checks.NextCheck]) -> None:
        checks.move_on(self.session, next_checks)

    def expire(self, now: datetime) -> int:
        """Sent questions left unanswered past their expiry get no more
        reminders (they still take a late answer)."""
        return slots.expire(self.session, now)

    def deliverable(self, now: datetime, platforms: Sequence[str]) -> list[int]:
        return slots.deliverable(self.session, now, platforms)

    def deliverable_by_workspace(
        self, now: datetime, platforms: Sequence[str]
    ) -> dict[int, list[int]]:
        return slots.deliverable_by_workspace(self.session, now, platforms)

    def take(self, nudge_ids: Sequence[int], now: datetime, lease: timedelta) -> list[LeasedSlot]:
        """Lease these slots (only one process wins each) and read what sending them needs."""
        mine = slots.take(self.session, nudge_ids, now, lease)
        if not mine:
            return []
        query = (
            select(
                Nudge.id,
                Nudge.kind,
                Nudge.attempts,
                Nudge.due_at,
                Nudge.payload,
                Workspace.platform,
                Workspace.external_id,
                User.external_id,
                ConversationAddress.address,
            )
            .select_from(Nudge)
            .join(User, (User.id == Nudge.user_id) & (User.workspace_id == Nudge.workspace_id))
        )
        rows = self.session.execute(
            with_workspace_and_address(query, address_required=False)
            .where(Nudge.id.in_(mine))
            .order_by(Nudge.id)
        ).all()
        return [LeasedSlot(*row) for row in rows]

    def finish(self, nudge_id: int, **values) -> None:
        """Record the outcome of a send (sent, retry later, failed, late)."""
        slots.finish(self.session, nudge_id, **values)
