"""The next step for one contact, as the balance shows it, and its two buttons:
*Track as promise* (a form with the step as the promise and a due date) and *Log a note*."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

from handlers import forms
from handlers.actions import row_id
from handlers.advice.rules import NextStep, Rule, evaluate, load_rules, used_text
from handlers.advice.situation import Situation, situation_from, situation_of
from handlers.amends.goodwill import PLAN
from handlers.amends.issues import texts as amends_texts
from handlers.context import Ctx
from handlers.formatting import contact_label, shorten
from handlers.health.contact_health import contact_health
from handlers.health.scoring import Health
from handlers.ledger.grammar import field_text
from handlers.messages import Button, InputField, InputRequest, Reply, ReplyField, error
from handlers.nudges.prefs import current_schedule
from handlers.promises.commands import MAX_PROMISE_CHARS, local_today, promises_of, recorded
from handlers.promises.due_dates import date_example, parse_due

if TYPE_CHECKING:
    from storage.models import Contact

TRACK = "advice.promise"  # "<contact id>": opens the promise form with the step in it
TRACK_FORM = "advice.promise_form"  # "<contact id>" with values {"what", "due"}
LOG = "advice.note"  # "<contact id>": opens the log form for the contact


@cache
def rules_for(fact_keys: tuple[str, ...]) -> tuple[Rule, ...]:
    return load_rules(fact_keys)


def rules(ctx: Ctx) -> tuple[Rule, ...]:
    return rules_for(tuple(ctx.services.questions.keys))


def step_for(
    ctx: Ctx, contact: Contact, score: Health, facts: Mapping | None = None
) -> tuple[NextStep, Situation]:
    situation = situation_of(ctx, contact, score, facts)
    return evaluate(rules(ctx), situation), situation


STEPS_SHOWN = 3  # on App Home (`accounts`) and in the digest, for the most at-risk contacts


def steps_line(contacts_and_steps) -> str:
    """One line per contact: "Jane Doe (Acme): Offer …"."""
    return "\n".join(f"{contact_label(c)}: {step.text}" for c, step in contacts_and_steps)


def step_from(uow, viewer_id: int, contact: Contact, score: Health, bank, policy, now, tz):
    """The next step for a caller with no request context (the weekly digest)."""
    situation = situation_from(uow, viewer_id, contact, score, bank, policy, now, tz)
    return evaluate(rules_for(tuple(bank.keys)), situation)


def step_fields(step: NextStep, situation: Situation) -> tuple[ReplyField, ...]:
    """ "Next step", and what it was drawn from when it read any facts or open items."""
    fields = (ReplyField("Next step", step.text),)
    drawn = used_text(step, situation)
    if drawn:
        fields += (ReplyField("Next step from", drawn),)
    return fields


def step_buttons(step: NextStep, contact: Contact) -> tuple[Button, ...]:
    labels = {"promise": ("Track as promise", TRACK), "note": ("Log a note", LOG)}
    buttons = []
    for offer in step.offer:
        if offer == "plan":  # amends' own button, on the debit the step names
            if step.item is not None and step.item.ref is not None:
                buttons.append(Button(amends_texts()["plan_title"], PLAN, str(step.item.ref)))
        else:
            buttons.append(Button(labels[offer][0], labels[offer][1], str(contact.id)))
    return tuple(buttons)


def _contact(ctx: Ctx, value: str) -> Contact | Reply:
    ident = row_id(value)
    contact = ctx.contacts.get(ident) if ident is not None else None
    if contact is None:
        return error("That contact no longer exists (or was archived).")
    return contact


def track(ctx: Ctx, value: str, _values: dict) -> Reply:
    contact = _contact(ctx, value)
    if isinstance(contact, Reply):
        return contact
    step, _ = step_for(ctx, contact, contact_health(ctx, contact))
    return Reply(
        text=f"Track as a promise to {contact_label(contact)}",
        kind="form",
        input_request=InputRequest(
            title="Track as promise",
            action_id=TRACK_FORM,
            value=str(contact.id),
            fields=(
                InputField("what", "What you will do", kind="multiline", initial=step.text),
                InputField("due", "Due (e.g. next Friday)", kind="date"),
            ),
        ),
    )


def submit_track(ctx: Ctx, value: str, values: dict) -> Reply:
    contact = _contact(ctx, value)
    if isinstance(contact, Reply):
        return contact
    if ctx.source_id:  # a resubmitted form answers with the promise already saved
        already = promises_of(ctx).by_source(ctx.source_id)
        if already is not None:
            return recorded(ctx, already)
    what = field_text(values, "what")
    if not what:
        return error("Say what you will do.", "what")
    if len(what) > MAX_PROMISE_CHARS:
        return error(
            f"That promise is {len(what):,} characters; the most is {MAX_PROMISE_CHARS}.", "what"
        )
    text = field_text(values, "due")
    due = parse_due(text, ctx.now, current_schedule(ctx).tz) if text else None
    if due is None:
        shown = f"“{shorten(text, 40)}”" if text else "an empty date"
        example = date_example(local_today(ctx))
        return error(f"I couldn't read {shown} as a date. Try next Friday or {example}.", "due")
    if due < local_today(ctx):
        return error(f"{due:%a %d %b %Y} has passed; a promise is due today or later.", "due")
    promise = promises_of(ctx).add(ctx.user.id, contact.id, what, due, ctx.now, ctx.source_id)
    return recorded(ctx, promise)


def log_note(ctx: Ctx, value: str, _values: dict) -> Reply:
    contact = _contact(ctx, value)
    if isinstance(contact, Reply):
        return contact
    return forms.log_form(contact_label(contact))


ACTIONS = {TRACK: track, TRACK_FORM: submit_track, LOG: log_note}
