"""`accounts`: the rep's accounts at a glance, one field per contact, at risk first.

Each field reads "balance · health · last touch · professional facts still unknown";
a button per at-risk contact opens its account. App Home shows this reply.
"""

from __future__ import annotations

from handlers import actions
from handlers.advice.next_step import STEPS_SHOWN, step_for, steps_line
from handlers.context import Ctx
from handlers.formatting import BAND_MARK, contact_label, days_ago, plural, shorten
from handlers.health.contact_health import healths
from handlers.messages import Button, Reply, ReplyField
from handlers.nudges.answers import open_question
from handlers.nudges.message import ANSWER
from handlers.promises.commands import promises_of

LIMIT = 20
UNKNOWN_SHOWN = 3
BUTTONS_FOR = 5  # the most at-risk contacts get a button to their account
PROMISES_SHOWN = 5


def accounts_command(ctx: Ctx, _rest: str = "") -> Reply:
    contacts = ctx.contacts.touched_by(ctx.user.id)
    if not contacts:
        return Reply(
            text="No contacts yet. Log a note to start one: "
            "+2 Jane Doe (Acme): delivered the migration early",
            kind="overview",
        )
    scores = healths(ctx, contacts)
    known = ctx.facts.professional_dates(c.id for c in contacts)
    professional = [f.key for f in ctx.services.questions.professional]
    ranked = sorted(contacts, key=lambda c: (scores[c.id].score, c.name_key))[:LIMIT]
    fields = []
    for contact in ranked:
        score = scores[contact.id]
        unknown = [key for key in professional if key not in known.get(contact.id, {})]
        parts = [
            f"balance {contact.balance}",
            f"health {score.score}",
            f"last touch {days_ago(score.days_since_touch)}",
        ]
        if unknown:
            more = len(unknown) - UNKNOWN_SHOWN
            parts.append(
                "unknown: " + ", ".join(unknown[:UNKNOWN_SHOWN]) + (f" +{more}" if more > 0 else "")
            )
        fields.append(
            ReplyField(f"{BAND_MARK[score.band]} {contact_label(contact)}", " · ".join(parts))
        )
    # What to do next, for the most at-risk few: each step reads that contact's facts.
    steps = [(c, step_for(ctx, c, scores[c.id])[0]) for c in ranked[:STEPS_SHOWN]]
    fields.append(ReplyField("Next steps", steps_line(steps)))
    fields += promise_fields(ctx)
    waiting = ctx.pending.count_open(ctx.user.id)
    if waiting:  # shown on App Home too: notes sent and never placed stay in view
        fields.append(ReplyField("Waiting for a choice", f"{waiting} notes (see `pending`)"))
    red = sum(1 for c in contacts if scores[c.id].band == "red")
    at_risk = [c for c in ranked if scores[c.id].band != "green"][:BUTTONS_FOR]
    shown = f" (the {len(ranked)} most at risk)" if len(contacts) > len(ranked) else ""
    return Reply(
        text=f"{plural(len(contacts), 'contact')}, {red} at risk{shown}:",
        kind="overview",
        fields=tuple(fields),
        buttons=(
            *question_button(ctx),
            *(Button(contact.name, actions.SHOW, f"balance:{contact.id}") for contact in at_risk),
        ),
    )


def promise_fields(ctx: Ctx) -> list[ReplyField]:
    """The rep's open promises, soonest first."""
    promises = promises_of(ctx).open_of(ctx.user.id)
    if not promises:
        return []
    lines = []
    for promise in promises[:PROMISES_SHOWN]:
        contact = ctx.contacts.get(promise.contact_id, include_archived=True)
        who = contact_label(contact) if contact else "a contact"
        lines.append(f"{promise.due_date:%a %d %b} · {who} · {shorten(promise.text, 60)}")
    if len(promises) > PROMISES_SHOWN:
        lines.append(f"…and {len(promises) - PROMISES_SHOWN} more (`promises` lists them)")
    return [ReplyField(f"Open promises ({len(promises)})", "\n".join(lines))]


def question_button(ctx: Ctx) -> tuple[Button, ...]:
    """ "Answer today's question" while one is open."""
    nudge = open_question(ctx)
    if nudge is None:
        return ()
    return (Button("Answer today's question", ANSWER, str(nudge.id), "primary"),)
