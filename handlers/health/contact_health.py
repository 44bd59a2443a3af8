"""Health of one contact or of many, from the stored aggregates and fact dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from handlers.context import Ctx
from handlers.health.scoring import Health, health
from handlers.policy import Policy
from handlers.profile.question_bank import QuestionBank
from handlers.stages.catalog import expectation

if TYPE_CHECKING:
    from storage.models import Contact


def knowledge_counts(
    questions: QuestionBank, known: dict[str, datetime], now: datetime, policy: Policy
) -> tuple[int, int]:
    """(fresh, stale) professional keys, from {key: newest recorded_at}."""
    fresh = stale = 0
    for fact_key in questions.professional:
        recorded_at = known.get(fact_key.key)
        if recorded_at is None:
            continue
        if fact_key.is_fresh(recorded_at, now, policy.fact_stale_days):
            fresh += 1
        else:
            stale += 1
    return fresh, stale


def contact_health_from(
    contact: Contact,
    known: dict[str, datetime],
    questions: QuestionBank,
    policy: Policy,
    now: datetime,
    stage: str | None = None,
) -> Health:
    """`stage`: the account's (or the contact's own) current stage; none set yet is the
    first stage, whose expectations a new contact is measured by."""
    fresh, stale = knowledge_counts(questions, known, now, policy)
    keys = len(questions.professional)
    expects = expectation(stage, policy, keys, contact.cadence_days)
    return health(
        decay_sum=contact.decay_sum,
        last_touch_at=contact.last_touch_at,
        cadence_days=expects.cadence_days,
        fresh_facts=fresh,
        stale_facts=stale,
        professional_keys=keys,
        now=now,
        policy=policy,
        stage=expects.stage,
        knowledge_expected=expects.knowledge_expected,
        added_at=getattr(contact, "created_at", None) if expects.new_grace else None,
    )


def healths(ctx: Ctx, contacts: Sequence[Contact]) -> dict[int, Health]:
    """Health of every given contact with one fact query and one stage query for all."""
    dates = ctx.facts.professional_dates(c.id for c in contacts)
    stages = ctx.uow.stages.of_contacts(contacts)
    return {
        c.id: contact_health_from(
            c, dates.get(c.id, {}), ctx.services.questions, ctx.policy, ctx.now, stages.get(c.id)
        )
        for c in contacts
    }


def contact_health(ctx: Ctx, contact: Contact) -> Health:
    return healths(ctx, [contact])[contact.id]


def headline(ctx: Ctx, contact: Contact) -> str:
    """ "Balance 7 · health 82" for a contact as it stands now."""
    score = contact_health(ctx, contact)
    return f"Balance {contact.balance} · health {score.score}"
