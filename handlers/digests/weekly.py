"""The Monday digest: the rep's week in entries, balance moves, contacts at risk,
promises due this week and facts learned."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.formatting import BAND_MARK, contact_label, shorten, signed
from handlers.health.contact_health import contact_health_from
from handlers.messages import Reply, ReplyField
from handlers.policy import Policy
from handlers.profile.question_bank import QuestionBank
from storage.directory import Contacts
from storage.facts import Facts
from storage.models import Fact, LedgerEntry
from storage.nudges.models import Promise

WEEK = timedelta(days=7)
LIST_LIMIT = 5


def digest_message(
    session: Session,
    workspace_id: int,
    user_id: int,
    today: date,
    now: datetime,
    policy: Policy,
    bank: QuestionBank,
) -> Reply:
    since = now - WEEK
    contacts = {c.id: c for c in Contacts(session, workspace_id).touched_by(user_id)}
    entries = session.execute(
        select(LedgerEntry.contact_id, LedgerEntry.amount, LedgerEntry.note)
        .where(
            LedgerEntry.workspace_id == workspace_id,
            LedgerEntry.author_id == user_id,
            LedgerEntry.occurred_at >= since,
        )
        .order_by(LedgerEntry.occurred_at)
    ).all()
    moved: dict[int, int] = defaultdict(int)
    for contact_id, amount, _ in entries:
        moved[contact_id] += amount
    credits = sum(a for _, a, _ in entries if a > 0)
    debits = -sum(a for _, a, _ in entries if a < 0)

    dates = Facts(session, workspace_id).professional_dates(contacts)
    scores = {
        cid: contact_health_from(c, dates.get(cid, {}), bank, policy, now)
        for cid, c in contacts.items()
    }
    at_risk = sorted(
        (c for cid, c in contacts.items() if scores[cid].band == "red"),
        key=lambda c: scores[c.id].score,
    )
    promises = session.scalars(
        select(Promise)
        .where(
            Promise.workspace_id == workspace_id,
            Promise.user_id == user_id,
            Promise.status == "open",
            Promise.due_date <= today + timedelta(days=6),
        )
        .order_by(Promise.due_date)
    ).all()
    learned = session.execute(
        select(Fact.contact_id, Fact.key, Fact.value)
        .where(
            Fact.workspace_id == workspace_id,
            Fact.recorded_by_id == user_id,
            Fact.recorded_at >= since,
        )
        .order_by(Fact.recorded_at)
    ).all()

    def name(contact_id: int) -> str:
        contact = contacts.get(contact_id) or Contacts(session, workspace_id).get(
            contact_id, include_archived=True
        )
        return contact_label(contact) if contact else "?"

    movers = sorted(moved.items(), key=lambda kv: -abs(kv[1]))[:LIST_LIMIT]
    fields = (
        ReplyField(
            "This week",
            f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'} "
            f"(credits +{credits} · debits −{debits})",
        ),
        ReplyField(
            "Balance moves",
            "; ".join(
                f"{name(cid)} {signed(delta)} → {contacts[cid].balance if cid in contacts else '?'}"
                f" {BAND_MARK[scores[cid].band] if cid in scores else ''}".rstrip()
                for cid, delta in movers
            )
            or "none",
        ),
        ReplyField(
            "At risk",
            "; ".join(
                f"{contact_label(c)} (health {scores[c.id].score})" for c in at_risk[:LIST_LIMIT]
            )
            + (f"; and {len(at_risk) - LIST_LIMIT} more" if len(at_risk) > LIST_LIMIT else "")
            or "nobody at risk",
        ),
        ReplyField(
            "Promises due this week",
            "; ".join(
                f"{p.due_date:%a %d %b} {name(p.contact_id)}: {shorten(p.text, 60)}"
                + (" (overdue)" if p.due_date < today else "")
                for p in promises
            )
            or "none",
        ),
        ReplyField(
            "Facts learned",
            "; ".join(
                f"{name(cid)} · {key}: {shorten(value, 60)}"
                for cid, key, value in learned[-LIST_LIMIT:]
            )
            + (f"; and {len(learned) - LIST_LIMIT} more" if len(learned) > LIST_LIMIT else "")
            or "none this week",
        ),
    )
    return Reply(
        text=f"Your week with your contacts (to {today:%a %d %b})", kind="digest", fields=fields
    )
