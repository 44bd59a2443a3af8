"""Claiming a rep's nudge slot for a day, and the delivery state of each claimed slot.

Exactly once: a slot is a unique (workspace, user, local date, slot) row, inserted
before anything is sent; whoever inserts it owns the content. Delivery then takes a
short lease with one conditional UPDATE, so of two schedulers only one sends, and a
send left unfinished by a crashed process is taken over once its lease runs out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import Workspace
from storage.nudges.models import Nudge

DELIVERABLE = ("pending", "sending")
UNIQUE_SLOT = ["workspace_id", "user_id", "local_date", "slot"]
NUDGES = Nudge.__table__


def claimed_slots(
    session: Session, workspace_id: int, user_ids: Sequence[int], days: Sequence[date]
) -> set[tuple[int, date, str]]:
    """(user, local date, slot) already claimed for these reps and days."""
    found: set[tuple[int, date, str]] = set()
    ids = list(user_ids)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Nudge.user_id, Nudge.local_date, Nudge.slot).where(
                Nudge.workspace_id == workspace_id,
                Nudge.user_id.in_(ids[start : start + 500]),
                Nudge.local_date.in_(list(days)),
            )
        )
        found.update((r[0], r[1], r[2]) for r in rows)
    return found


def claimed_ever(
    session: Session, workspace_id: int, user_ids: Sequence[int], names: Sequence[str]
) -> set[tuple[int, str]]:
    """(user, slot) among these slot names already claimed, on any local date."""
    found: set[tuple[int, str]] = set()
    ids, wanted = list(user_ids), sorted(set(names))
    if not ids or not wanted:
        return found
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(Nudge.user_id, Nudge.slot).where(
                Nudge.workspace_id == workspace_id,
                Nudge.user_id.in_(ids),
                Nudge.slot.in_(wanted[start : start + 500]),
            )
        )
        found.update((r[0], r[1]) for r in rows)
    return found


def claim(session: Session, values: dict) -> int | None:
    """Insert the slot row; its id, or None when another process already claimed it."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Core statements on the table: this runs once per rep and the ORM's bulk path is slower.
    statement = (
        insert(NUDGES)
        .values(**values)
        .on_conflict_do_nothing(index_elements=UNIQUE_SLOT)
        .returning(NUDGES.c.id)
    )
    return session.execute(statement).scalar()


def claim_many(session: Session, rows: list[dict]) -> dict[tuple[int, date, str], int]:
    """Insert many slot rows in one statement (all with the same columns); the ids of
    those this process claimed, by (user, local date, slot)."""
    if not rows:
        return {}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # One statement executed with many parameter sets: compiled once, sent in batches
    # (SQLAlchemy's "insertmanyvalues").
    statement = (
        insert(NUDGES)
        .on_conflict_do_nothing(index_elements=UNIQUE_SLOT)
        .returning(NUDGES.c.id, NUDGES.c.user_id, NUDGES.c.local_date, NUDGES.c.slot)
    )
    return {
        (user_id, local_date, slot): nudge_id
        for nudge_id, user_id, local_date, slot in session.execute(statement, rows)
    }


def set_payload(session: Session, nudge_id: int, payload: dict) -> None:
    session.execute(update(NUDGES).where(NUDGES.c.id == nudge_id).values(payload=payload))


def _deliverable(now: datetime, platforms: Sequence[str], limit: int, *columns):
    """Slots to send now on these platforms: new ones, retries whose time has come, and
    sends abandoned by a process that died (its lease ran out), oldest first."""
    return (
        select(*columns)
        .join(Workspace, Workspace.id == Nudge.workspace_id)
        .where(
            Workspace.platform.in_(list(platforms)),
            Nudge.status.in_(DELIVERABLE),
            Nudge.next_attempt_at <= now,
            or_(Nudge.lease_until.is_(None), Nudge.lease_until <= now),
        )
        .order_by(Nudge.next_attempt_at, Nudge.id)
        .limit(limit)
    )


def deliverable(
    session: Session, now: datetime, platforms: Sequence[str], limit: int = 5000
) -> list[int]:
    """Ids of the slots to send now (see `_deliverable`)."""
    return list(session.scalars(_deliverable(now, platforms, limit, Nudge.id)))


def deliverable_by_workspace(
    session: Session, now: datetime, platforms: Sequence[str], limit: int = 5000
) -> dict[int, list[int]]:
    """`deliverable`, grouped by workspace (each group in the same order), so delivery
    can pace each workspace on its own and send to several at once."""
    groups: dict[int, list[int]] = {}
    rows = session.execute(_deliverable(now, platforms, limit, Nudge.workspace_id, Nudge.id))
    for workspace_id, nudge_id in rows:
        groups.setdefault(workspace_id, []).append(nudge_id)
    return groups


def take(session: Session, nudge_ids: Sequence[int], now: datetime, lease: timedelta) -> list[int]:
    """Lease these slots for sending: the ids this process got (another process may
    hold or have finished the rest). One conditional UPDATE, so only one process wins."""
    if not nudge_ids:
        return []
    result = session.execute(
        update(Nudge)
        .where(
            Nudge.id.in_(list(nudge_ids)),
            Nudge.status.in_(DELIVERABLE),
            Nudge.next_attempt_at <= now,
            or_(Nudge.lease_until.is_(None), Nudge.lease_until <= now),
        )
        .values(status="sending", lease_until=now + lease, attempts=Nudge.attempts + 1)
        .returning(Nudge.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(result.scalars())


def finish(session: Session, nudge_id: int, **values) -> None:
    """Record the outcome of a send (sent, retry later, failed, late)."""
    session.execute(
        update(Nudge)
        .where(Nudge.id == nudge_id)
        .values(lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )


def expire(session: Session, now: datetime) -> int:
    """Sent questions left unanswered past their expiry get no more reminders (they
    still take a late answer)."""
    result = session.execute(
        update(Nudge)
        .where(Nudge.status == "sent", Nudge.expires_at.is_not(None), Nudge.expires_at <= now)
        .values(status="expired", closed_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def nudge_of(session: Session, workspace_id: int, user_id: int, nudge_id: int) -> Nudge | None:
    """A rep's own nudge (a button value can only reach the presser's rows)."""
    return session.scalars(
        select(Nudge).where(
            Nudge.workspace_id == workspace_id, Nudge.user_id == user_id, Nudge.id == nudge_id
        )
    ).first()
