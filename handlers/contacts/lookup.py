"""Finding the contact a command names, or answering why not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import actions
from handlers.contacts.resolution import resolve
from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.ledger.grammar import clean_text, split_company
from handlers.messages import Button, Reply, error

if TYPE_CHECKING:
    from storage.models import Contact


def find_contact(ctx: Ctx, text: str, command: str) -> Contact | Reply:
    """The one contact `text` names; otherwise a reply offering close matches."""
    text = clean_text(text)
    if not text:
        return error(f"Name a contact, e.g. `{command} Jane Doe`.")
    name, company = split_company(text)
    resolution = resolve(ctx, name, company)
    if resolution.found:
        return resolution.contact
    if not resolution.close:
        company = ctx.uow.companies.find_exact(text) if len(text) <= 200 else None
        if company is not None:  # a rep naming the company means the account
            return Reply(
                text=f"“{company.name}” is an account, not a contact: "
                f"`account {company.name}` shows it, `contacts {company.name}` its people.",
                kind="choose",
                buttons=(Button(company.name, actions.SHOW_ACCOUNT, str(company.id)),),
            )
        return error(
            f"No contact called “{text}”. `contacts` lists them; `contact add {text}` adds one."
        )
    buttons = ()
    if command in actions.SHOWABLE:
        buttons = tuple(
            Button(contact_label(c), actions.SHOW, f"{command}:{c.id}") for c in resolution.close
        )
    names = ", ".join(contact_label(c) for c in resolution.close)
    return Reply(text=f"Which one did you mean: {names}?", kind="choose", buttons=buttons)
