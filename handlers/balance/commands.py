"""`balance`, `balance <contact>` and `history <contact> [N]`."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from handlers import actions
from handlers.advice.next_step import step_buttons, step_fields, step_for
from handlers.amends.issues import section as issues_section
from handlers.contacts.lookup import find_contact
from handlers.context import Ctx
from handlers.formatting import BAND_MARK, contact_label, days_ago, plural, shorten, signed
from handlers.health.contact_health import contact_health_from, healths, knowledge_counts
from handlers.health.scoring import Health
from handlers.health.trend import TREND_DAYS, balance_series, sparkline
from handlers.loyalty.answers import latest_text as latest_loyalty
from handlers.messages import Button, Reply, ReplyField, error
from handlers.profile.situations import situational_brief
from handlers.retros.items import open_items_text
from handlers.stages.current import history_lines, stage_owner, stage_text
from handlers.touches.silence import last_heard_text, last_reached_text
from storage.ledger import ATTEMPT

if TYPE_CHECKING:
    from storage.models import Contact

LIST_LIMIT = 15
HISTORY_DEFAULT = 10
HISTORY_MAX = 100


def balance_command(ctx: Ctx, rest: str) -> Reply:
    if not rest.strip():
        return at_risk_list(ctx)
    contact = find_contact(ctx, rest, "balance")
    if isinstance(contact, Reply):
        return contact
    return account(ctx, contact)


def account(ctx: Ctx, contact: Contact) -> Reply:
    facts = ctx.facts.current(contact.id, ctx.user.id)
    # Professional facts are visible to everyone, so the current ones carry the same
    # newest dates the health reads: one fact query serves both.
    dates = {k: f.recorded_at for k, f in facts.items() if f.side == "professional"}
    stage_rows = ctx.uow.stages.history(**stage_owner(contact))
    stage = stage_rows[0][0].stage if stage_rows else None
    score = contact_health_from(contact, dates, ctx.services.questions, ctx.policy, ctx.now, stage)
    professional = ctx.services.questions.professional
    known = [f for f in professional if f.key in facts]
    _, stale = knowledge_counts(
        ctx.services.questions,
        {k: f.recorded_at for k, f in facts.items()},
        ctx.now,
        ctx.policy,
    )
    recent = ctx.ledger.amounts_since(contact.id, ctx.now - timedelta(days=TREND_DAYS))
    trend = sparkline(balance_series(contact.balance, recent, ctx.now))
    known_text = f"{len(known)} of {len(professional)}"
    if known:
        known_text += " (" + ", ".join(f.key for f in known) + ")"
    if stale:
        known_text += f", {stale} stale"
    fields = (
        ReplyField(
            "Balance",
            f"{contact.balance} (credits +{contact.credits} · "
            f"debits −{contact.debits} · {contact.entry_count} entries)",
        ),
        ReplyField("Last heard from them", last_heard_text(contact, ctx.now)),
        ReplyField("Last reached out", last_reached_text(contact, ctx.now)),
        ReplyField("Health", f"{score.score} {score.band} = {explain(ctx, score)}"),
        ReplyField(f"Trend {TREND_DAYS} days", trend),
        ReplyField("Professional side known", known_text),
    )
    step, situation = step_for(ctx, contact, score, facts)
    fields += step_fields(step, situation)
    fields += (ReplyField("Competitor test", latest_loyalty(ctx, contact)),)
    fields += (ReplyField("Stage", stage_text(ctx, stage_rows)),)
    retro = situation.open_items.get("retrospective", ())
    if retro:  # what the customer asked us to improve, still not resolved
        fields += (ReplyField("Open retrospective items", open_items_text(retro)),)
    situational = situational_brief(ctx.services.questions, facts, ctx.now)
    if situational:  # what the rep said about the situation, beside the next step
        fields += (ReplyField("Situation notes", situational),)
    # The debits, open and made right; a contact never debited costs no read.
    issues = issues_section(ctx, [contact.id]) if contact.debits else None
    if issues is not None:
        fields += (issues,)
    return Reply(
        text=f"{BAND_MARK[score.band]} {contact_label(contact)}: balance {contact.balance} · "
        f"health {score.score}",
        kind="balance",
        fields=fields,
        color=score.band,
        buttons=(
            *step_buttons(step, contact),
            Button("Call brief", actions.SHOW, f"prep:{contact.id}"),
            Button("History", actions.SHOW, f"history:{contact.id}"),
            Button("Profile", actions.SHOW, f"profile:{contact.id}"),
        ),
    )


def explain(ctx: Ctx, score: Health) -> str:
    p = ctx.policy
    recency = (
        "never touched"
        if score.days_since_touch is None
        else f"{score.days_since_touch} of {score.cadence_days} days"
    )
    if score.counted_from_added:
        recency = "not heard from yet: counted from when they were added"
    text = (
        f"balance {score.balance_part:.0f} (decayed {signed(score.decayed_balance)})"
        f" × {p.weight_balance:g}"
        f" + recency {score.recency_part:.0f} ({recency}) × {p.weight_recency:g}"
        f" + knowledge {score.knowledge_part:.0f} × {p.weight_knowledge:g}"
    )
    if score.stage:  # whose expectations these were
        text += (
            f"; expectations of the {score.stage} stage: in touch every "
            f"{score.cadence_days} days, {score.knowledge_expected} professional "
            f"{'fact' if score.knowledge_expected == 1 else 'facts'} known"
        )
    return text


def at_risk_list(ctx: Ctx) -> Reply:
    contacts = ctx.contacts.touched_by(ctx.user.id)
    if not contacts:
        return Reply(
            text="You have no contacts yet. Log a note to start one: "
            "+2 Jane Doe (Acme): delivered the migration early"
        )
    scores = healths(ctx, contacts)
    far_past = 10**6
    ranked = sorted(
        contacts,
        key=lambda c: (
            scores[c.id].score,
            -(
                scores[c.id].days_since_touch
                if scores[c.id].days_since_touch is not None
                else far_past
            ),
            c.name_key,
        ),
    )
    lines = []
    for contact in ranked[:LIST_LIMIT]:
        score = scores[contact.id]
        lines.append(
            f"{BAND_MARK[score.band]} {contact_label(contact)} · balance {contact.balance} · "
            f"health {score.score} · last touch {days_ago(score.days_since_touch)}"
        )
    if len(ranked) > LIST_LIMIT:
        lines.append(f"…and {len(ranked) - LIST_LIMIT} more (`contacts` searches them all).")
    at_risk = sum(1 for c in contacts if scores[c.id].band == "red")
    return Reply(
        text=f"Your {plural(len(contacts), 'contact')}, at risk first "
        f"({at_risk} with red health):\n" + "\n".join(lines),
        kind="balance_list",
    )


def history_command(ctx: Ctx, rest: str) -> Reply:
    text = rest.strip()
    limit = HISTORY_DEFAULT
    name, _, last = text.rpartition(" ")
    negative = last[1:] if last[:1] in ("-", "−") else ""
    if negative.isascii() and negative.isdigit() and name and not ctx.contacts.find_exact(text):
        # Refused, not read as 5: a minus may mean "older than" to someone, and guessing
        # would show the wrong entries without saying so.
        return error(
            f"A count can't be negative: `history {name} {negative}` shows the last {negative}."
        )
    if last.isascii() and last.isdigit() and name and not ctx.contacts.find_exact(text):
        limit = int(last)
        if not 1 <= limit <= HISTORY_MAX:
            return error(f"Ask for 1 to {HISTORY_MAX} entries, e.g. `history {name} 20`.")
        text = name
    contact = find_contact(ctx, text, "history")
    if isinstance(contact, Reply):
        return contact
    return history(ctx, contact, limit)


def history(ctx: Ctx, contact: Contact, limit: int = HISTORY_DEFAULT) -> Reply:
    rows = ctx.ledger.history(contact.id, limit)
    stage_lines = history_lines(ctx, **stage_owner(contact))
    stage_field = ()
    if stage_lines:  # the account's moves, beside the entries
        stage_field = (ReplyField("Stage history", "\n".join(stage_lines)),)
    if not rows:
        return Reply(text=f"No entries yet for {contact_label(contact)}.", fields=stage_field)
    lines = []
    for entry, author in rows:
        when = entry.occurred_at.astimezone(ctx.tz)
        tag = f" #{entry.category}" if entry.category else ""
        mark = "↩ " if entry.reverses_id else ""
        link = f" · {entry.link}" if entry.link else ""  # the message it was logged from
        points = "attempt" if entry.kind == ATTEMPT else signed(entry.amount)
        lines.append(
            f"#{entry.id} · {when:%Y-%m-%d} · {author} · {mark}{points} · "
            f"{shorten(entry.note, 120)}{tag}{link}"
        )
    return Reply(
        text=f"{contact_label(contact)}: last {plural(len(rows), 'entry')}, newest first\n"
        + "\n".join(lines),
        kind="history",
        fields=stage_field,
    )
