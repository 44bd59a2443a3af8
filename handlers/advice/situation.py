"""What is known about one contact, gathered once for the next-step rules and the brief."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from handlers.amends.issues import unplanned_of
from handlers.context import Ctx
from handlers.health.scoring import Health
from handlers.policy import Policy
from handlers.profile.question_bank import QuestionBank
from storage.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from storage.models import Contact


@dataclass(frozen=True)
class KnownFact:
    key: str
    label: str
    value: str
    recorded_at: datetime
    fresh: bool


@dataclass(frozen=True)
class OpenItem:
    """Something still owed or unresolved: an open promise, a debit with no fix planned."""

    text: str
    when: date | None = None
    who: str = ""
    ref: int | None = None  # the row a button acts on (the debit, for *Plan the fix*)


@dataclass(frozen=True)
class Reading:
    """Whose view the open items are read for, and when."""

    viewer_id: int
    now: datetime
    tz: ZoneInfo


@dataclass(frozen=True)
class Situation:
    name: str
    balance: int
    days_since_touch: int | None
    cadence_days: int
    now: datetime
    tz: ZoneInfo
    reinvest_balance: int
    facts: Mapping[str, KnownFact] = field(default_factory=dict)
    missing_question: str | None = None  # the first unknown professional key's question
    open_items: Mapping[str, tuple[OpenItem, ...]] = field(default_factory=dict)
    stage: str | None = None  # the account's stage, once accounts carry one

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


def open_promises(uow: UnitOfWork, contact: Contact, _at: Reading) -> tuple[OpenItem, ...]:
    return tuple(
        OpenItem(promise.text, promise.due_date, who)
        for promise, who in uow.briefs.open_promises(contact.id)
    )


def retrospective_items(_uow: UnitOfWork, _contact: Contact, _at: Reading) -> tuple[OpenItem, ...]:
    """The seam for a retrospective's open items: nothing records them yet, so none."""
    return ()


def unplanned_debits(uow: UnitOfWork, contact: Contact, at: Reading) -> tuple[OpenItem, ...]:
    """The viewer's open debits on the contact with no fix planned (or only a missed one),
    oldest first: only a debit's author can plan its fix."""
    # Never debited: no read needed. A list view's row may not carry the aggregate.
    if getattr(contact, "debits", None) == 0:
        return ()
    return tuple(
        OpenItem(issue.note, issue.occurred_at.astimezone(at.tz).date(), ref=issue.debit_id)
        for issue in unplanned_of(uow, contact.id, at.viewer_id, at.now)
    )


# Each kind of open item a rule may name (`open: <kind>`) and how it is read. A new kind
# is one more reader here.
OPEN_READERS: dict[str, Callable[[UnitOfWork, Contact, Reading], tuple[OpenItem, ...]]] = {
    "promises": open_promises,
    "retrospective": retrospective_items,
    "unplanned-debits": unplanned_debits,
}


def situation_of(
    ctx: Ctx, contact: Contact, score: Health, facts: Mapping | None = None
) -> Situation:
    """`facts` as `ctx.facts.current` returned them, when the caller already has them."""
    return situation_from(
        ctx.uow,
        ctx.user.id,
        contact,
        score,
        ctx.services.questions,
        ctx.policy,
        ctx.now,
        ctx.tz,
        facts,
    )


def situation_from(
    uow: UnitOfWork,
    viewer_id: int,
    contact: Contact,
    score: Health,
    bank: QuestionBank,
    policy: Policy,
    now: datetime,
    tz: ZoneInfo,
    facts: Mapping | None = None,
) -> Situation:
    """The same for a caller with no request context (the weekly digest)."""
    if facts is None:
        facts = uow.facts.current(contact.id, viewer_id)
    known = {}
    for key, fact in facts.items():
        fact_key = bank.keys.get(key)
        if fact_key is None:
            continue
        known[key] = KnownFact(
            key=key,
            label=fact_key.label,
            value=fact.value,
            recorded_at=fact.recorded_at,
            fresh=fact_key.is_fresh(fact.recorded_at, now, policy.fact_stale_days),
        )
    missing = [f for f in bank.professional if f.key not in facts]
    return Situation(
        name=contact.name,
        balance=contact.balance,
        days_since_touch=score.days_since_touch,
        cadence_days=score.cadence_days,
        now=now,
        tz=tz,
        reinvest_balance=policy.reinvest_balance,
        facts=known,
        missing_question=missing[0].questions[0].format(name=contact.name) if missing else None,
        open_items={
            kind: read(uow, contact, Reading(viewer_id, now, tz))
            for kind, read in OPEN_READERS.items()
        },
    )
