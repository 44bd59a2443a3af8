"""An attendee met at a known company's domain, not yet a contact: the after-meeting
message offers them, and the button creates the contact with that email and company."""

from __future__ import annotations

from handlers.actions import row_id
from handlers.advice.next_step import LOG
from handlers.calendar.prompts import AFTER
from handlers.calendar.texts import texts
from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.messages import Button, Reply, error


def name_from_email(email: str) -> str:
    """ "jane.doe@acme.example" → "Jane Doe": a starting name the rep can rename."""
    local = email.partition("@")[0]
    words = [w for w in local.replace("_", ".").replace("-", ".").split(".") if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or local


def add_newcomer(ctx: Ctx, value: str, _values: dict) -> Reply:
    words = texts()
    nudge_part, _, number_part = value.partition(":")
    ident, number = row_id(nudge_part), row_id(number_part)
    if ident is None or number is None:
        return error(words["answers"]["bad_value"])
    nudge = ctx.uow.nudges.of(ctx.user.id, ident)
    if nudge is None or nudge.kind != AFTER:
        return error(words["answers"]["gone"])
    meeting = ctx.uow.calendars.meeting(ctx.user.id, nudge.slot.partition(":")[2])
    newcomers = (meeting.newcomers or []) if meeting is not None else []
    if number > len(newcomers):
        return error(words["newcomer"]["gone"])
    email = newcomers[number - 1]["email"]
    known = ctx.uow.calendars.contacts_by_email([email]).get(email)
    if known is not None:  # a second press, or added since: never a second contact
        contact = ctx.contacts.get(known.id)
        return Reply(
            text=words["newcomer"]["exists"].format(email=email, who=contact_label(contact))
        )
    company = ctx.uow.companies.by_email(email)
    if company is None:
        return error(words["newcomer"]["gone"])
    contact = ctx.contacts.add(
        name_from_email(email), ctx.now, ctx.user.id, company=company, email=email
    )
    return Reply(
        text=words["newcomer"]["added"].format(
            who=contact_label(contact), email=email, summary=meeting.summary
        ),
        kind="recorded",
        buttons=(Button(words["after"]["note"], LOG, str(contact.id)),),
    )
