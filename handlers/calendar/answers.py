"""The buttons of "How did the meeting with … go?": Credit, Debit, Attempt — they didn't
show (an attempt booked through the note grammar, once per meeting), Log a note, Skip.
Each takes the prompt once; a second press says what it became."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from handlers import forms
from handlers.actions import row_id
from handlers.calendar.prompts import AFTER
from handlers.calendar.texts import texts
from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.ledger import notes
from handlers.messages import InputField, InputRequest, Reply, error

if TYPE_CHECKING:
    from storage.nudges.models import Nudge

LOG_FORM = "meeting.log_form"  # "<nudge id>" with the log form's values


def words() -> dict:
    return texts()["answers"]


def _nudge(ctx: Ctx, value: str) -> Nudge | Reply:
    ident = row_id(value)
    if ident is None:
        return error(words()["bad_value"])
    nudge = ctx.uow.nudges.of(ctx.user.id, ident)
    if nudge is None or nudge.kind != AFTER:
        return error(words()["gone"])
    return nudge


def _open(ctx: Ctx, value: str) -> Nudge | Reply:
    nudge = _nudge(ctx, value)
    if isinstance(nudge, Reply) or nudge.status == "sent":
        return nudge
    said = words()["said"].get(nudge.status, nudge.status)
    return Reply(text=words()["already"].format(said=said))


def _contact(ctx: Ctx, nudge: Nudge):
    return ctx.contacts.get(nudge.contact_id) if nudge.contact_id else None


def _meeting_name(nudge: Nudge) -> str:
    fields = (nudge.payload or {}).get("fields") or []
    for label, value in fields:
        if label == texts()["after"]["meeting"]:
            return value.rpartition(",")[0] or value
    return words()["the_meeting"]


def _form(ctx: Ctx, value: str, sign: str | None) -> Reply:
    nudge = _open(ctx, value)
    if isinstance(nudge, Reply):
        return nudge
    contact = _contact(ctx, nudge)
    if contact is None:
        return error(words()["no_contact"])
    request = forms.log_form(contact.name).input_request
    note = words()["note_start"].format(summary=_meeting_name(nudge))
    fields = tuple(_prefilled(field, sign, note) for field in request.fields)
    # The question stays open until the form is saved: a form closed unsaved loses nothing.
    return Reply(
        text=words()["log_title"].format(who=contact_label(contact)),
        kind="form",
        input_request=InputRequest(request.title, LOG_FORM, fields, str(nudge.id)),
    )


def submit_log(ctx: Ctx, value: str, values: dict) -> Reply:
    """The meeting's log form saved: the note, through the note grammar, closes the question."""
    reply = forms.submit_log(ctx, "", values)
    if reply.is_error:
        return reply
    ident = row_id(value)
    nudge = ctx.uow.nudges.of(ctx.user.id, ident) if ident is not None else None
    if nudge is not None and nudge.kind == AFTER and nudge.status == "sent":
        ctx.uow.nudges.close(nudge, "answered", ctx.now)
    return reply


def _prefilled(field: InputField, sign: str | None, note: str) -> InputField:
    if field.name == "sign" and sign:
        return InputField(field.name, field.label, field.kind, field.options, initial=sign)
    if field.name == "note":
        return InputField(field.name, field.label, field.kind, initial=note)
    return field


def credit(ctx: Ctx, value: str, _values: dict) -> Reply:
    return _form(ctx, value, "credit")


def debit(ctx: Ctx, value: str, _values: dict) -> Reply:
    return _form(ctx, value, "debit")


def note(ctx: Ctx, value: str, _values: dict) -> Reply:
    return _form(ctx, value, None)


def attempt_source(nudge: Nudge) -> str:
    """The attempt's idempotency key: one per rep and meeting occurrence (the prompt)."""
    return f"meeting-attempt:{nudge.id}"


def attempt(ctx: Ctx, value: str, _values: dict) -> Reply:
    """They didn't show: an attempt (no points, no touch) booked through the note grammar,
    so the reply is the note's: "Logged an attempt…". A second press answers with it."""
    nudge = _nudge(ctx, value)
    if isinstance(nudge, Reply):
        return nudge
    contact = _contact(ctx, nudge)
    if contact is None:
        return error(words()["no_contact"])
    noted = replace(ctx, source_id=attempt_source(nudge))
    if nudge.status != "sent":
        already = notes.redelivered(noted) if nudge.status == "no_show" else None
        return already or _open(ctx, value)
    # Named by the exact email the meeting matched (else the name); "#attempt" forces the
    # kind, and a '#' or '@' in the meeting's title is not read as a category or a date.
    summary = _meeting_name(nudge).replace("#", "").replace("@", " at ")
    said = words()["no_show_note"].format(summary=" ".join(summary.split()))
    reply = notes.log(noted, f"{contact.email or contact.name}: {said} #attempt")
    if reply.is_error or reply.kind != "recorded":
        return reply
    ctx.uow.nudges.close(nudge, "no_show", ctx.now)
    return replace(reply, replaces_original=True)


def skip(ctx: Ctx, value: str, _values: dict) -> Reply:
    nudge = _open(ctx, value)
    if isinstance(nudge, Reply):
        return nudge
    ctx.uow.nudges.close(nudge, "skipped", ctx.now)
    return Reply(text=words()["skipped"], replaces_original=True)
