"""The append-only ledger and the per-contact aggregates kept with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import and_, bindparam, case, exists, false, func, or_, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from storage import contact_reps
from storage.decay import decay_weight
from storage.models import Contact, LedgerEntry, User
from storage.types import UTCDateTime


@dataclass(frozen=True)
class NewEntry:
    contact_id: int
    author_id: int
    amount: int
    note: str
    occurred_at: datetime
    category: str | None = None
    source_id: str | None = None
    sign_source: str = "given"
    reverses_id: int | None = None
    link: str | None = None  # the chat message a captured note came from
    kind: str = "touch"  # or "attempt": one-way outreach, 0 points


TOUCH = "touch"
ATTEMPT = "attempt"


def _reversal_of(entry_table):
    reversal = aliased(LedgerEntry)
    return exists().where(reversal.reverses_id == entry_table.id)


# Built once: a balance then skips building the statement and its cache key.
AMOUNTS_SINCE = (
    select(LedgerEntry.occurred_at, LedgerEntry.amount)
    .where(
        LedgerEntry.workspace_id == bindparam("workspace_id"),
        LedgerEntry.contact_id == bindparam("contact_id"),
        LedgerEntry.occurred_at >= bindparam("since"),
    )
    .order_by(LedgerEntry.occurred_at)
)


# The aggregates the UPDATE moves and returns, so a loaded contact needs no re-read.
AGGREGATES = (
    "balance",
    "credits",
    "debits",
    "entry_count",
    "decay_sum",
    "last_touch_at",
    "last_attempt_at",
    "attempts_since_touch",
)


def _latest(dialect: str, column, value):
    return func.coalesce(
        func.max(column, value) if dialect == "sqlite" else func.greatest(column, value), value
    )


@cache
def count_in_statement(dialect: str):
    """The aggregates' UPDATE for one new touch, built once per dialect."""
    occurred = bindparam("occurred", type_=UTCDateTime())
    return (
        update(Contact)
        .where(
            Contact.workspace_id == bindparam("in_workspace"),  # not a column name:
            Contact.id == bindparam("contact"),  # those are reserved for SET values
        )
        .values(
            balance=Contact.balance + bindparam("amount"),
            credits=Contact.credits + bindparam("credit"),
            debits=Contact.debits + bindparam("debit"),
            entry_count=Contact.entry_count + 1,
            decay_sum=Contact.decay_sum + bindparam("decayed"),
            last_touch_at=_latest(dialect, Contact.last_touch_at, occurred),
            # A not-met stakeholder becomes a relationship with the first touch.
            not_met=false(),
        )
        .returning(*(getattr(Contact, name) for name in AGGREGATES))
    )


@cache
def attempt_in_statement(dialect: str):
    """The aggregates' UPDATE for one new attempt: no points, last heard left as it is."""
    occurred = bindparam("occurred", type_=UTCDateTime())
    # An attempt dated at the very moment of the last touch still waits for an answer.
    after_last_touch = or_(Contact.last_touch_at.is_(None), Contact.last_touch_at <= occurred)
    return (
        update(Contact)
        .where(
            Contact.workspace_id == bindparam("in_workspace"), Contact.id == bindparam("contact")
        )
        .values(
            entry_count=Contact.entry_count + 1,
            last_attempt_at=_latest(dialect, Contact.last_attempt_at, occurred),
            attempts_since_touch=Contact.attempts_since_touch
            + case((after_last_touch, 1), else_=0),
        )
        .returning(*(getattr(Contact, name) for name in AGGREGATES))
    )


class Ledger:
    def __init__(self, session: Session, workspace_id: int, half_life_days: float) -> None:
        self.session = session
        self.workspace_id = workspace_id
        self.half_life_days = half_life_days

    def by_source(self, source_id: str) -> LedgerEntry | None:
        return self.session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.workspace_id == self.workspace_id,
                LedgerEntry.source_id == source_id,
            )
        ).first()

    def get(self, entry_id: int) -> LedgerEntry | None:
        return self.session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.workspace_id == self.workspace_id, LedgerEntry.id == entry_id
            )
        ).first()

    def append(self, new: NewEntry, now: datetime) -> LedgerEntry:
        """Add one entry and move the contact's aggregates in the same transaction."""
        entry = LedgerEntry(
            workspace_id=self.workspace_id,
            contact_id=new.contact_id,
            author_id=new.author_id,
            amount=new.amount,
            category=new.category,
            note=new.note,
            occurred_at=new.occurred_at,
            created_at=now,
            reverses_id=new.reverses_id,
            source_id=new.source_id,
            sign_source=new.sign_source,
            link=new.link,
            kind=new.kind,
        )
        self.session.add(entry)
        self.session.flush()
        if new.reverses_id is None:
            self._count_in(entry)
            contact_reps.link(
                self.session, self.workspace_id, new.author_id, new.contact_id, notes=1
            )
        return entry

    def _count_in(self, entry: LedgerEntry) -> None:
        amount = entry.amount
        dialect = self.session.get_bind().dialect.name
        params = {"in_workspace": self.workspace_id, "contact": entry.contact_id}
        params["occurred"] = entry.occurred_at
        if entry.kind == ATTEMPT:
            statement = attempt_in_statement(dialect)
        else:
            statement = count_in_statement(dialect)
            params |= {
                "amount": amount,
                "credit": max(amount, 0),
                "debit": max(-amount, 0),
                "decayed": amount * decay_weight(entry.occurred_at, self.half_life_days),
            }
        moved = self.session.execute(
            statement, params, execution_options={"synchronize_session": False}
        ).first()
        if entry.kind != ATTEMPT and moved is not None and moved.attempts_since_touch:
            # A touch answers the attempts before it: count only those still after it.
            waiting = self._attempts_after(entry.contact_id, moved.last_touch_at)
            if waiting != moved.attempts_since_touch:
                self.session.execute(
                    update(Contact)
                    .where(
                        Contact.workspace_id == self.workspace_id, Contact.id == entry.contact_id
                    )
                    .values(attempts_since_touch=waiting)
                    .execution_options(synchronize_session=False)
                )
                moved = (*moved[:-1], waiting)
        # The UPDATE bypassed the ORM: a loaded Contact takes the new aggregates from
        # RETURNING rather than reading its row again.
        loaded = self.session.identity_map.get(self.session.identity_key(Contact, entry.contact_id))
        if loaded is not None and moved is not None:
            for name, value in zip(AGGREGATES, moved, strict=True):
                set_committed_value(loaded, name, value)
            set_committed_value(loaded, "not_met", False)

    def _attempts_after(self, contact_id: int, since: datetime | None) -> int:
        """Live attempts of one contact dated at or after `since` (all of them when None)."""
        query = select(func.count()).where(
            LedgerEntry.workspace_id == self.workspace_id,
            LedgerEntry.contact_id == contact_id,
            LedgerEntry.kind == ATTEMPT,
            LedgerEntry.reverses_id.is_(None),
            ~_reversal_of(LedgerEntry),
        )
        if since is not None:
            query = query.where(LedgerEntry.occurred_at >= since)
        return self.session.scalar(query) or 0

    def _expire_contact(self, contact_id: int) -> None:
        # The UPDATE bypassed the ORM: a loaded Contact must re-read its aggregates.
        loaded = self.session.identity_map.get(self.session.identity_key(Contact, contact_id))
        if loaded is not None:
            self.session.expire(loaded)

    def reverse(self, original: LedgerEntry, author_id: int, now: datetime) -> LedgerEntry:
        """A reversing entry dated like the original, so trend and decay cancel exactly."""
        reversal = self.append(
            NewEntry(
                contact_id=original.contact_id,
                author_id=author_id,
                amount=-original.amount,
                note=f"reverses #{original.id}: {original.note}",
                occurred_at=original.occurred_at,
                category=original.category,
                reverses_id=original.id,
                sign_source="undo",
                kind=original.kind,
            ),
            now,
        )
        self.recompute([original.contact_id])
        return reversal

    def is_reversed(self, entry_id: int) -> bool:
        return (
            self.session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry_id))
            is not None
        )

    def last_undoable(self, author_id: int) -> LedgerEntry | None:
        """The author's newest entry that is neither a reversal nor already reversed."""
        query = (
            select(LedgerEntry)
            .where(
                LedgerEntry.workspace_id == self.workspace_id,
                LedgerEntry.author_id == author_id,
                LedgerEntry.reverses_id.is_(None),
                ~_reversal_of(LedgerEntry),
            )
            .order_by(LedgerEntry.id.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()

    def history(self, contact_id: int, limit: int) -> Sequence[tuple[LedgerEntry, str]]:
        """The newest entries of one contact with their author's name."""
        query = (
            select(LedgerEntry, User.display_name)
            .join(User, User.id == LedgerEntry.author_id)
            .where(
                LedgerEntry.workspace_id == self.workspace_id,
                LedgerEntry.contact_id == contact_id,
            )
            .order_by(LedgerEntry.occurred_at.desc(), LedgerEntry.id.desc())
            .limit(limit)
        )
        return [(row[0], row[1]) for row in self.session.execute(query).all()]

    def amounts_since(self, contact_id: int, since: datetime) -> list[tuple[datetime, int]]:
        """(occurred_at, amount) of one contact from `since` on, reversals included."""
        params = {"workspace_id": self.workspace_id, "contact_id": contact_id, "since": since}
        return [(row[0], row[1]) for row in self.session.execute(AMOUNTS_SINCE, params).all()]

    def last_note(self, contact_id: int) -> LedgerEntry | None:
        return self.session.scalars(
            select(LedgerEntry)
            .where(
                LedgerEntry.workspace_id == self.workspace_id,
                LedgerEntry.contact_id == contact_id,
                LedgerEntry.reverses_id.is_(None),
                ~_reversal_of(LedgerEntry),
            )
            .order_by(LedgerEntry.occurred_at.desc(), LedgerEntry.id.desc())
            .limit(1)
        ).first()

    def recompute(self, contact_ids: Sequence[int]) -> None:
        """Rebuild the aggregates of these contacts from their effective entries."""
        for contact_id in contact_ids:
            rows = self.session.execute(
                select(LedgerEntry.amount, LedgerEntry.occurred_at, LedgerEntry.kind).where(
                    and_(
                        LedgerEntry.workspace_id == self.workspace_id,
                        LedgerEntry.contact_id == contact_id,
                        LedgerEntry.reverses_id.is_(None),
                        ~_reversal_of(LedgerEntry),
                    )
                )
            ).all()
            touches = [r for r in rows if r.kind != ATTEMPT]
            attempts = [r.occurred_at for r in rows if r.kind == ATTEMPT]
            last_touch = max((r.occurred_at for r in touches), default=None)
            self.session.execute(
                update(Contact)
                .where(Contact.workspace_id == self.workspace_id, Contact.id == contact_id)
                .values(
                    balance=sum(r.amount for r in touches),
                    credits=sum(r.amount for r in touches if r.amount > 0),
                    debits=sum(-r.amount for r in touches if r.amount < 0),
                    entry_count=len(rows),
                    decay_sum=sum(
                        r.amount * decay_weight(r.occurred_at, self.half_life_days) for r in touches
                    ),
                    last_touch_at=last_touch,
                    last_attempt_at=max(attempts, default=None),
                    attempts_since_touch=sum(
                        1 for at in attempts if last_touch is None or at >= last_touch
                    ),
                )
                .execution_options(synchronize_session=False)
            )
            self._expire_contact(contact_id)
