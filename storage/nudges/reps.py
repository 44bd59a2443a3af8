"""The reps who can get nudges: those who have used the bot (a stored address)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
    wakes: int = 0  # storage/nudges/checks.py: the count of wakes when read


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


def _reachable(platforms: tuple[str, ...], *columns) -> Select:
    query = select(
        User.workspace_id, Workspace.platform, User.id, User.timezone, NudgePrefs, *columns
    ).select_from(User)
    return (
        with_workspace_and_address(query, address_required=True)
        .outerjoin(
            NudgePrefs,
            and_(NudgePrefs.workspace_id == User.workspace_id, NudgePrefs.user_id == User.id),
        )
        .where(Workspace.platform.in_(platforms), Workspace.uninstalled_at.is_(None))
        # One order for every process: concurrent passes claim rows in the same order.
        .order_by(User.workspace_id, User.id)
    )


def reachable_reps(session: Session, platforms: tuple[str, ...]) -> list[ReachableRep]:
    """Every rep with an address on one of `platforms`, with their preferences, in one query."""
    return [ReachableRep(*row) for row in session.execute(_reachable(platforms)).all()]


def reps_to_check(
    session: Session, platforms: tuple[str, ...], now: datetime
) -> list[ReachableRep]:
    """The reachable reps whose check time has come (storage/nudges/checks.py).

    Two steps, so a pass reads only those reps whatever the planner prefers: their ids
    through the index on the check time, then their rows by primary key.
    """
    ids = list(
        session.scalars(
            select(ConversationAddress.user_id).where(ConversationAddress.nudge_check_at <= now)
        )
    )
    reps = []
    for start in range(0, len(ids), 500):
        query = _reachable(platforms, ConversationAddress.nudge_wakes).where(
            User.id.in_(ids[start : start + 500])
        )
        reps.extend(ReachableRep(*row) for row in session.execute(query).all())
    # One order for every process, as in `reachable_reps`.
    return sorted(reps, key=lambda rep: (rep.workspace_id, rep.user_id))
