"""The buttons of "How did the meeting with … go?": Credit, Debit, Attempt — they didn't
show, Log a note, Skip. Each takes the prompt once; a second press says what it became."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import forms
from handlers.actions import row_id
from handlers.calendar.prompts import AFTER
from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.messages import InputField, InputRequest, Reply, error

if TYPE_CHECKING:
    from storage.nudges.models import Nudge

LOG_FORM = "meeting.log_form"  # "<nudge id>" with the log form's values
SAID = {"answered": "answered", "skipped": "skipped", "no_show": "marked as a no-show"}


def _open(ctx: Ctx, value: str) -> Nudge | Reply:
    ident = row_id(value)
    if ident is None:
        return error("That button's value is not valid.")
    nudge = ctx.uow.nudges.of(ctx.user.id, ident)
    if nudge is None or nudge.kind != AFTER:
        return error("That meeting question no longer exists.")
    if nudge.status != "sent":
        return Reply(text=f"That meeting is already {SAID.get(nudge.status, nudge.status)}.")
    return nudge


def _contact(ctx: Ctx, nudge: Nudge):
    return ctx.contacts.get(nudge.contact_id) if nudge.contact_id else None


def _meeting_name(nudge: Nudge) -> str:
    fields = (nudge.payload or {}).get("fields") or []
    for label, value in fields:
        if label == "Meeting":
            return value.rpartition(",")[0] or value
    return "the meeting"


def _form(ctx: Ctx, value: str, sign: str | None) -> Reply:
    nudge = _open(ctx, value)
    if isinstance(nudge, Reply):
        return nudge
    contact = _contact(ctx, nudge)
    if contact is None:
        return error("That contact no longer exists.")
    request = forms.log_form(contact.name).input_request
    note = f"Meeting “{_meeting_name(nudge)}”: "
    fields = tuple(_prefilled(field, sign, note) for field in request.fields)
    # The question stays open until the form is saved: a form closed unsaved loses nothing.
    return Reply(
        text=f"Log the meeting with {contact_label(contact)}",
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


def attempt(ctx: Ctx, value: str, _values: dict) -> Reply:
    """They didn't show: an attempt, not a touch, so the balance and last touch stay."""
    nudge = _open(ctx, value)
    if isinstance(nudge, Reply):
        return nudge
    ctx.uow.nudges.close(nudge, "no_show", ctx.now)
    contact = _contact(ctx, nudge)
    who = contact_label(contact) if contact else "your contact"
    return Reply(
        text=f"Noted: {who} didn't show. An attempt is no touch, so the balance and the "
        "last touch stay as they were.",
        kind="recorded",
        replaces_original=True,
    )


def skip(ctx: Ctx, value: str, _values: dict) -> Reply:
    nudge = _open(ctx, value)
    if isinstance(nudge, Reply):
        return nudge
    ctx.uow.nudges.close(nudge, "skipped", ctx.now)
    return Reply(text="Skipped.", replaces_original=True)
