"""`fact <contact> <date key>: <date>`, the dates on a profile, and the *Log a note*
button a reminder carries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import actions, forms
from handlers.context import Ctx
from handlers.dates.calendar import (
    DateError,
    DateKey,
    date_keys,
    in_days,
    next_occurrence,
    read_date,
    shown,
)
from handlers.formatting import contact_label, plural
from handlers.messages import Reply, ReplyField, error

if TYPE_CHECKING:
    from storage.models import Contact, Fact


def record_date(ctx: Ctx, contact: Contact, date_key: DateKey, value: str, shared: bool) -> Reply:
    today = ctx.now.astimezone(ctx.tz).date()
    try:
        stored = read_date(value, date_key, today)
    except DateError as exc:
        return error(str(exc))
    ctx.facts.record(
        contact.id, date_key.key, date_key.side, stored, ctx.user.id, ctx.now, shared=shared
    )
    private = date_key.side == "personal" and not shared
    who = "only you" if private else "everyone in the workspace"
    coming = next_occurrence(stored, date_key, today)
    when = f"next {in_days(coming, today)}" if coming else "already past: no reminder"
    remind = ""
    if coming:
        remind = f" I'll remind you {plural(date_key.remind_days, 'day')} before."
    return Reply(
        text=f"Noted for {contact_label(contact)} · {date_key.label}: {shown(stored)} "
        f"({when}; visible to {who}).{remind}",
        kind="fact",
    )


def date_fields(ctx: Ctx, facts: dict[str, Fact]) -> list[ReplyField]:
    """One field per date on record that the viewer may see."""
    today = ctx.now.astimezone(ctx.tz).date()
    fields = []
    for date_key in date_keys().values():
        fact = facts.get(date_key.key)
        if fact is None:
            continue
        coming = next_occurrence(fact.value, date_key, today)
        value = shown(fact.value) + (f" ({in_days(coming, today)})" if coming else " (past)")
        if date_key.side == "personal" and not fact.shared:
            value += " · only you see this"
        fields.append(ReplyField(f"Dates · {date_key.label}", value))
    return fields


def log_note_for(ctx: Ctx, value: str, _values: dict) -> Reply:
    """A reminder's *Log a note*: the log form, the contact filled in."""
    contact = ctx.contacts.get(actions.ints(value, 1)[0])
    if contact is None:
        return error("That contact no longer exists.")
    return forms.log_form(prefill_contact=contact.name)
