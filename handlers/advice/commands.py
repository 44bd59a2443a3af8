"""`prep <contact or company> [--text]` and the briefs' *Send me as text* buttons.

A name that is exactly a contact's gives the contact's call brief, even when a company is
named the same: a person named exactly is the narrower meaning, and the brief then offers
the account's brief as a button. A company named exactly gives the account brief. Anything
else offers the close contacts and companies as buttons, never a guess."""

from __future__ import annotations

from typing import TYPE_CHECKING

import prompts
from handlers import actions
from handlers.actions import row_id
from handlers.advice.account_brief import account_brief_of
from handlers.advice.brief import brief_of
from handlers.companies.placement import close_companies
from handlers.contacts.resolution import resolve
from handlers.context import Ctx
from handlers.formatting import contact_label, shorten
from handlers.ledger.grammar import clean_text, split_company
from handlers.messages import Button, Reply, error

if TYPE_CHECKING:
    from storage.models import Contact

AS_TEXT = "advice.brief_text"  # "<contact id>": the brief as plain text
ACCOUNT = "advice.account_brief"  # "<company id>": the account brief
ACCOUNT_AS_TEXT = "advice.account_brief_text"  # "<company id>": the same as plain text
TEXT_FLAG = "--text"
FORM = "prep Jane Doe"
MAX_NAME_CHARS = 200


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
        return error(
            f"Name a contact or a company, e.g. `{FORM}` or `prep Acme` "
            f"(add {TEXT_FLAG} for plain text)."
        )
    text = " ".join(words)
    name, company_text = split_company(text)
    resolution = resolve(ctx, name, company_text)
    if resolution.found:
        contact = resolution.contact
        return brief_text(ctx, contact) if as_text else brief(ctx, contact)
    company = ctx.uow.companies.find_exact(text) if len(text) <= MAX_NAME_CHARS else None
    if company is not None:
        return account_text(ctx, company) if as_text else account(ctx, company)
    return not_found(ctx, text, resolution.close)


def not_found(ctx: Ctx, text: str, close_contacts: list) -> Reply:
    """Close contacts and companies as buttons; none close: say how to add one."""
    companies = close_companies(ctx, text) if len(text) <= MAX_NAME_CHARS else []
    shown = shorten(text, 80)
    if not close_contacts and not companies:
        return error(
            f"No contact or company called “{shown}”. `contacts` and `accounts --team` list them."
        )
    buttons = [Button(contact_label(c), actions.SHOW, f"prep:{c.id}") for c in close_contacts] + [
        Button(c.name, ACCOUNT, str(c.id)) for c in companies
    ]
    names = ", ".join(b.label for b in buttons)
    return Reply(text=f"Which one did you mean: {names}?", kind="choose", buttons=tuple(buttons))


def brief(ctx: Ctx, contact: Contact) -> Reply:
    found = brief_of(ctx, contact)
    buttons = [Button("Send me as text", AS_TEXT, str(contact.id))]
    same_name = ctx.uow.companies.find_exact(contact.name)
    if same_name is not None:  # `prep Acme` named both: the account is one press away
        buttons.append(Button(f"Account brief: {same_name.name}", ACCOUNT, str(same_name.id)))
    return Reply(text=found.title, kind="brief", fields=found.fields(), buttons=tuple(buttons))


def _account_brief(ctx: Ctx, company):
    found = account_brief_of(ctx, company.id, company.name)
    if found is None:
        words = prompts.load("brief")["account"]
        return Reply(text=words["no_contacts"].format(company=company.name), kind="brief")
    return found


def account(ctx: Ctx, company) -> Reply:
    found = _account_brief(ctx, company)
    if isinstance(found, Reply):
        return found
    return Reply(
        text=found.title,
        kind="brief",
        fields=found.fields(),
        buttons=(Button("Send me as text", ACCOUNT_AS_TEXT, str(company.id)),),
    )


def account_text(ctx: Ctx, company) -> Reply:
    found = _account_brief(ctx, company)
    if isinstance(found, Reply):
        return found
    return Reply(text=found.text(), kind="brief_text")


def _company(ctx: Ctx, value: str):
    ident = row_id(value)
    company = ctx.uow.companies.get(ident) if ident is not None else None
    return None if company is None or company.merged_into_id is not None else company


def show_account(ctx: Ctx, value: str, _values: dict) -> Reply:
    company = _company(ctx, value)
    if company is None:
        return error("That company no longer exists (or was merged).")
    return account(ctx, company)


def send_account_as_text(ctx: Ctx, value: str, _values: dict) -> Reply:
    company = _company(ctx, value)
    if company is None:
        return error("That company no longer exists (or was merged).")
    return account_text(ctx, company)


def brief_text(ctx: Ctx, contact: Contact) -> Reply:
    return Reply(text=brief_of(ctx, contact).text(), kind="brief_text")


def send_as_text(ctx: Ctx, value: str, _values: dict) -> Reply:
    ident = row_id(value)
    contact = ctx.contacts.get(ident) if ident is not None else None
    if contact is None:
        return error("That contact no longer exists (or was archived).")
    return brief_text(ctx, contact)


ACTIONS = {
    AS_TEXT: send_as_text,
    ACCOUNT: show_account,
    ACCOUNT_AS_TEXT: send_account_as_text,
}
