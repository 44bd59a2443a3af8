"""`pending`: the rep's notes still waiting for a choice (an unclear sign, a name close
to several contacts), the oldest with its buttons, so nothing said is lost from view."""

from __future__ import annotations

from handlers.companies.choice import ask_company
from handlers.companies.placement import close_companies
from handlers.contacts.resolution import resolve
from handlers.context import Ctx
from handlers.formatting import plural, shorten
from handlers.ledger.notes import ask_contact, ask_sign
from handlers.messages import Reply, ReplyField

LISTED = 10


def _question(pending) -> str:
    if pending.reason == "company":
        return "which company?"
    return "credit or debit?" if pending.contact_id else "which contact?"


def pending_command(ctx: Ctx, _rest: str) -> Reply:
    waiting = ctx.pending.open_of(ctx.user.id, LISTED)
    if not waiting:
        return Reply(text="No notes are waiting for a choice: every note you sent is placed.")
    total = ctx.pending.count_open(ctx.user.id)
    oldest = waiting[0]
    contact = ctx.contacts.get(oldest.contact_id) if oldest.contact_id else None
    close = close_companies(ctx, oldest.company) if oldest.reason == "company" else []
    if close:  # which company the note means
        question = ask_company(oldest, close)
    elif contact is not None:  # the contact is known, the sign is not
        question = ask_sign(ctx, oldest, contact, None)
    else:
        question = ask_contact(ctx, oldest, resolve(ctx, oldest.contact_text, oldest.company).close)
    listed = tuple(
        ReplyField(
            f"{when:%d %b} · {p.contact_text}",
            f"{shorten(p.note, 80)} ({_question(p)})",
        )
        for p, when in ((p, p.occurred_at.astimezone(ctx.tz)) for p in waiting)
    )
    more = f" (the oldest {LISTED} shown)" if total > LISTED else ""
    return Reply(
        text=f"{plural(total, 'note')} waiting for a choice{more}. The oldest first: "
        + question.text,
        kind="pending",
        fields=listed,
        buttons=question.buttons,
    )
