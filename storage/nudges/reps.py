"""The reps who can get nudges: those who have used the bot (a stored address)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from storage.models import ConversationAddress, User, Workspace
from storage.nudges.models import NudgePrefs


@dataclass(frozen=True)
class ReachableRep:
    workspace_id: int
    platform: str
    user_id: int
    timezone: str | None
    prefs: NudgePrefs | None


def with_workspace_and_address(query: Select, *, address_required: bool) -> Select:
    """Join a query that selects from User to the rep's workspace and stored address:
    the join both the nudge pass (who can be reached) and delivery (where to) need."""
    on_address = and_(
        ConversationAddress.workspace_id == User.workspace_id,
        ConversationAddress.user_id == User.id,
    )
    query = query.join(Workspace, Workspace.id == User.workspace_id)
    if address_required:
        return query.join(ConversationAddress, on_address)
    return query.outerjoin(ConversationAddress, on_address)


def reachable_reps(session: Session, platforms: tuple[str, ...]) -> list[ReachableRep]:
    """Every rep with an address on one of `platforms`, with their preferences, in one query."""
    query = select(
        User.workspace_id, Workspace.platform, User.id, User.timezone, NudgePrefs
    ).select_from(User)
    rows = session.execute(
        with_workspace_and_address(query, address_required=True)
        .outerjoin(
            NudgePrefs,
            and_(NudgePrefs.workspace_id == User.workspace_id, NudgePrefs.user_id == User.id),
        )
        .where(Workspace.platform.in_(platforms), Workspace.uninstalled_at.is_(None))
        # One order for every process: concurrent passes claim rows in the same order.
        .order_by(User.workspace_id, User.id)
    ).all()
    return [ReachableRep(*row) for row in rows]
