"""Promises: `promise <contact>: <what> by <when>`, `promises`, and the due-day check
"Did you deliver …?" with Kept (+1), Missed (−1) or Move to a new date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from handlers.actions import row_id
from handlers.amends.closing import promise_kept
from handlers.contacts.lookup import find_contact
from handlers.context import Ctx
from handlers.formatting import contact_label, shorten
from handlers.ledger.grammar import clean_text, field_text
from handlers.messages import Button, InputField, InputRequest, Reply, error
from handlers.nudges.choice import due_phrase, when_text
from handlers.nudges.prefs import current_schedule
from handlers.promises.due_dates import date_example, parse_due, split_commitment
from storage.ledger import NewEntry
from storage.promises import Promises

if TYPE_CHECKING:
    from storage.nudges.models import Promise

FORM = "promise Jane Doe: send the revised proposal by Friday"
KEPT = "promise.kept"  # "<promise id>"
MISSED = "promise.missed"  # "<promise id>"
MOVE = "promise.move"  # "<promise id>": opens the new-date form
MOVE_FORM = "promise.move_form"  # "<promise id>" with values {"due": …}
TRACK = "promise.track"  # "<entry id>": a logged note's dated commitment
MAX_PROMISE_CHARS = 500
OUTCOME = {
    KEPT: (1, "promise-kept", "kept", "Kept"),
    MISSED: (-1, "missed-deadline", "missed", "Missed"),
}


def promises_of(ctx: Ctx) -> Promises:
    return ctx.uow.promises


def local_today(ctx: Ctx) -> date:
    return current_schedule(ctx).local_today(ctx.now)


def promise_command(ctx: Ctx, rest: str) -> Reply:
    text = clean_text(rest)
    contact_text, colon, body = text.partition(":")
    if not colon or not contact_text.strip() or not body.strip():
        return error(f"Write it as: {FORM}")
    if len(body) > MAX_PROMISE_CHARS:
        return error(f"That promise is {len(body):,} characters; the most is {MAX_PROMISE_CHARS}.")
    if ctx.source_id:
        already = promises_of(ctx).by_source(ctx.source_id)
        if already is not None:
            return recorded(ctx, already)
    tz = current_schedule(ctx).tz
    split = split_commitment(body, ctx.now, tz)
    if split is None:
        return error(
            f"I couldn't read a due date in “{shorten(body.strip(), 60)}”. End it with one, "
            f"e.g. {FORM} (or by tomorrow, by {date_example(local_today(ctx))})."
        )
    what, due = split
    if due < local_today(ctx):
        return error(f"{due:%a %d %b %Y} has passed; a promise is due today or later.")
    contact = find_contact(ctx, contact_text, "promise")
    if isinstance(contact, Reply):
        return contact
    promise = promises_of(ctx).add(
        ctx.user.id, contact.id, what or body.strip(), due, ctx.now, ctx.source_id
    )
    return recorded(ctx, promise)


def recorded(ctx: Ctx, promise: Promise) -> Reply:
    contact = ctx.contacts.get(promise.contact_id, include_archived=True)
    return Reply(
        text=f"Promise to {contact_label(contact)}: “{promise.text}”, due "
        f"{when_text(promise.due_date, local_today(ctx))}. I'll ask you that morning "
        "whether you delivered.",
        kind="promise",
    )


def promises_command(ctx: Ctx, _rest: str = "") -> Reply:
    open_ones = promises_of(ctx).open_of(ctx.user.id)
    if not open_ones:
        return Reply(text=f"No open promises. Record one: {FORM}", kind="promises")
    today = local_today(ctx)
    lines = []
    for promise in open_ones:
        contact = ctx.contacts.get(promise.contact_id, include_archived=True)
        late = " ⚠ overdue" if promise.due_date < today else ""
        lines.append(
            f"{promise.due_date:%a %d %b} · {contact_label(contact)} · "
            f"{shorten(promise.text, 100)}{late}"
        )
    return Reply(
        text=f"Your open promises ({len(open_ones)}), soonest first:\n" + "\n".join(lines),
        kind="promises",
    )


def check_message(promise: Promise, contact_name: str, today: date) -> Reply:
    """The due-morning question, sent by the scheduler."""
    ident = str(promise.id)
    return Reply(
        text=f"Did you deliver “{promise.text}” to {contact_name}? "
        f"It {due_phrase(promise.due_date, today)}.",
        kind="promise_check",
        subject=contact_name,
        buttons=(
            Button("Kept", KEPT, ident, "primary"),
            Button("Missed", MISSED, ident, "danger"),
            Button("Move to a new date", MOVE, ident),
        ),
    )


def _own_open(ctx: Ctx, value: str) -> Promise | Reply:
    ident = row_id(value)
    if ident is None:
        return error("That button's value is not valid; run `promises` again.")
    promise = promises_of(ctx).get(ctx.user.id, ident)
    if promise is None:
        return error("That promise no longer exists.")
    if promise.status != "open":
        return Reply(text=f"Already recorded as {promise.status}: “{promise.text}”.")
    return promise


def close(ctx: Ctx, action_id: str, value: str) -> Reply:
    promise = _own_open(ctx, value)
    if isinstance(promise, Reply):
        return promise
    amount, category, status, word = OUTCOME[action_id]
    contact = ctx.contacts.get(promise.contact_id, include_archived=True)
    entry = ctx.ledger.append(
        NewEntry(
            contact_id=promise.contact_id,
            author_id=ctx.user.id,
            amount=amount,
            note=f"{word.lower()} promise: {promise.text}",
            occurred_at=ctx.now,
            category=category,
            sign_source="promise",
        ),
        ctx.now,
    )
    promises_of(ctx).close(promise, status, ctx.now, entry.id)
    # A kept fix plan also closes the debit it was made for.
    closed = promise_kept(ctx, promise, entry) if action_id == KEPT else []
    return Reply(
        text=f"{word}: “{promise.text}” for {contact_label(contact)} "
        f"({'+1' if amount > 0 else '−1'} #{category}). Balance now {contact.balance}."
        + "".join(f" {line}" for line in closed),
        kind="recorded",
        replaces_original=True,
    )


def kept(ctx: Ctx, value: str, _values: dict) -> Reply:
    return close(ctx, KEPT, value)


def missed(ctx: Ctx, value: str, _values: dict) -> Reply:
    return close(ctx, MISSED, value)


def move(ctx: Ctx, value: str, _values: dict) -> Reply:
    promise = _own_open(ctx, value)
    if isinstance(promise, Reply):
        return promise
    return Reply(
        text=f"Move “{promise.text}” to a new date",
        kind="form",
        input_request=InputRequest(
            title="Move the promise",
            action_id=MOVE_FORM,
            value=str(promise.id),
            fields=(InputField("due", "New due date (e.g. next Friday)", kind="date"),),
        ),
    )


def submit_move(ctx: Ctx, value: str, values: dict) -> Reply:
    promise = _own_open(ctx, value)
    if isinstance(promise, Reply):
        return promise
    text = field_text(values, "due")
    due = parse_due(text, ctx.now, current_schedule(ctx).tz) if text else None
    if due is None:
        return error(
            f"I couldn't read “{text}” as a date. "
            f"Try next Friday or {date_example(local_today(ctx))}."
        )
    if due < local_today(ctx):
        return error(f"{due:%a %d %b %Y} has passed; choose today or a later day.")
    promises_of(ctx).move(promise, due)
    return Reply(
        text=f"Moved: “{promise.text}” is now due {when_text(due, local_today(ctx))}.",
        kind="promise",
        replaces_original=True,
    )
