"""The Monday digest: the rep's week in entries, balance moves, contacts at risk,
promises due this week and facts learned."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.advice.next_step import STEPS_SHOWN, step_from, steps_line
from handlers.formatting import BAND_MARK, contact_label, shorten, signed
from handlers.health.contact_health import contact_health_from
from handlers.messages import Reply, ReplyField
from handlers.policy import Policy
from handlers.profile.question_bank import QuestionBank
from storage.unit_of_work import UnitOfWork

WEEK = timedelta(days=7)
LIST_LIMIT = 5


def retro_line(items, name, tz: ZoneInfo) -> str:
    """ "#4 Acme (Jane Doe), 12 Nov: the report is late (responded)" per item."""
    shown = []
    for item in items[:LIST_LIMIT]:
        who = name(item.contact_id) if item.contact_id else ""
        heard = item.heard_at.astimezone(tz)
        shown.append(f"#{item.id} {who or 'account'}, {heard:%d %b}: {shorten(item.text, 60)}")
        if item.status != "open":
            shown[-1] += f" ({item.status})"
    more = f"; and {len(items) - LIST_LIMIT} more (`retro`)" if len(items) > LIST_LIMIT else ""
    return "; ".join(shown) + more


def digest_message(
    uow: UnitOfWork,
    user_id: int,
    today: date,
    now: datetime,
    policy: Policy,
    bank: QuestionBank,
    tz: ZoneInfo | None = None,
) -> Reply:
    since = now - WEEK
    tz = tz or ZoneInfo(policy.default_timezone)
    contacts = {c.id: c for c in uow.contacts.touched_by(user_id)}
    entries = uow.digests.entries_by(user_id, since)
    moved: dict[int, int] = defaultdict(int)
    for contact_id, amount, _ in entries:
        moved[contact_id] += amount
    credits = sum(a for _, a, _ in entries if a > 0)
    debits = -sum(a for _, a, _ in entries if a < 0)

    dates = uow.facts.professional_dates(contacts)
    stages = uow.stages.of_contacts(contacts.values())
    scores = {
        cid: contact_health_from(c, dates.get(cid, {}), bank, policy, now, stages.get(cid))
        for cid, c in contacts.items()
    }
    at_risk = sorted(
        (c for cid, c in contacts.items() if scores[cid].band == "red"),
        key=lambda c: scores[c.id].score,
    )
    promises = uow.digests.open_promises_due_by(user_id, today + timedelta(days=6))
    learned = uow.digests.facts_learned(user_id, since)

    def name(contact_id: int) -> str:
        contact = contacts.get(contact_id) or uow.contacts.get(contact_id, include_archived=True)
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
    lowest = sorted(contacts.values(), key=lambda c: (scores[c.id].score, c.name_key))
    steps = [
        (c, step_from(uow, user_id, c, scores[c.id], bank, policy, now, tz))
        for c in lowest[:STEPS_SHOWN]
    ]
    if steps:  # the most at-risk few, each with what to do next from what is known
        fields += (ReplyField("Next steps", steps_line(steps)),)
    retro = uow.feedback.unresolved_heard_by(user_id)
    if retro:  # what customers asked us to improve, still not resolved
        fields += (ReplyField("Open retrospective items", retro_line(retro, name, tz)),)
    waiting = uow.pending.count_open(user_id)
    if waiting:  # a note the rep sent and never placed must not fade from view
        fields += (ReplyField("Waiting for a choice", f"{waiting} (see `pending`)"),)
    return Reply(
        text=f"Your week with your contacts (to {today:%a %d %b})", kind="digest", fields=fields
    )
