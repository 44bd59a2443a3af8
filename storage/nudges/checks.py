"""When the nudge pass next needs to look at a rep, kept on the rep's address row.

The pass reads only the reps whose check time has come, then moves each one to the next
moment its schedule acts on. Anything that can change that moment (a new or changed
address, new preferences, a new timezone, a promise made or moved) wakes the rep: its
check time goes back to long ago, and the next pass looks again. A pass moves a rep on
only if nobody woke it in between (the update is conditional on the count of wakes it
read), and no clock but the pass's own decides who is due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from storage.models import LOOK_AT_ONCE, ConversationAddress

# Far enough ahead for a rep whose nudges are off: only a wake brings them back.
NEVER = datetime(9999, 1, 1, tzinfo=UTC)
ADDRESSES = ConversationAddress.__table__


@dataclass(frozen=True)
class NextCheck:
    workspace_id: int
    user_id: int
    seen: int  # the count of wakes the pass read
    at: datetime | None  # None: nothing scheduled (nudges off)


def wake(session: Session, workspace_id: int, user_id: int) -> None:
    """The rep's schedule may have changed: the next pass looks at them again."""
    session.execute(
        update(ConversationAddress)
        .where(
            ConversationAddress.workspace_id == workspace_id,
            ConversationAddress.user_id == user_id,
        )
        .values(nudge_check_at=LOOK_AT_ONCE, nudge_wakes=ConversationAddress.nudge_wakes + 1)
        .execution_options(synchronize_session=False)
    )


MOVE_ON = (
    update(ADDRESSES)
    .where(
        ADDRESSES.c.workspace_id == bindparam("ws"),
        ADDRESSES.c.user_id == bindparam("uid"),
        ADDRESSES.c.nudge_wakes == bindparam("seen"),
    )
    .values(nudge_check_at=bindparam("at"))
)


def move_on(session: Session, checks: Sequence[NextCheck]) -> None:
    """Set each rep's next check time, unless a wake changed it since the pass read it."""
    if not checks:
        return
    params = [
        {"ws": c.workspace_id, "uid": c.user_id, "seen": c.seen, "at": c.at or NEVER}
        for c in checks
    ]
    session.execute(MOVE_ON, params, execution_options={"synchronize_session": False})
