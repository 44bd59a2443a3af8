"""`prep <contact> [--text]` and the brief's *Send me as text* button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.actions import row_id
from handlers.advice.brief import brief_of
from handlers.contacts.lookup import find_contact
from handlers.context import Ctx
from handlers.formatting import shorten
from handlers.ledger.grammar import clean_text
from handlers.messages import Button, Reply, error

if TYPE_CHECKING:
    from storage.models import Contact

AS_TEXT = "advice.brief_text"  # "<contact id>": the brief as plain text
TEXT_FLAG = "--text"
FORM = "prep Jane Doe"


def prep_command(ctx: Ctx, rest: str) -> Reply:
    words, as_text = [], False
    for word in clean_text(rest).split():
        if word.lower() == TEXT_FLAG:
            as_text = True
        elif word.startswith("--") and len(word) > 2:
            return error(
                f"Unknown option “{shorten(word, 40)}”: the one option is {TEXT_FLAG} "
                f"(the brief as plain text), e.g. {FORM} {TEXT_FLAG}"
            )
        else:
            words.append(word)
    if not words:
        return error(f"Name a contact, e.g. `{FORM}` (add {TEXT_FLAG} for plain text).")
    contact = find_contact(ctx, " ".join(words), "prep")
    if isinstance(contact, Reply):
        return contact
    return brief_text(ctx, contact) if as_text else brief(ctx, contact)


def brief(ctx: Ctx, contact: Contact) -> Reply:
    found = brief_of(ctx, contact)
    return Reply(
        text=found.title,
        kind="brief",
        fields=found.fields(),
        buttons=(Button("Send me as text", AS_TEXT, str(contact.id)),),
    )


def brief_text(ctx: Ctx, contact: Contact) -> Reply:
    return Reply(text=brief_of(ctx, contact).text(), kind="brief_text")


def send_as_text(ctx: Ctx, value: str, _values: dict) -> Reply:
    ident = row_id(value)
    contact = ctx.contacts.get(ident) if ident is not None else None
    if contact is None:
        return error("That contact no longer exists (or was archived).")
    return brief_text(ctx, contact)


ACTIONS = {AS_TEXT: send_as_text}
