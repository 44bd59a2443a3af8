"""Finding the company a command names: exact name, alias or domain; close matches
offered as buttons, never guessed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import actions
from handlers.companies.placement import close_companies
from handlers.context import Ctx
from handlers.ledger.grammar import clean_text
from handlers.messages import Button, Reply, error

if TYPE_CHECKING:
    from storage.models import Company

SHOW = actions.SHOW_ACCOUNT
MAX_NAME_CHARS = 200


def find_company(ctx: Ctx, text: str, command: str = "account") -> Company | Reply:
    text = " ".join(clean_text(text).split())
    if not text:
        return error(f"Name a company, e.g. `{command} Acme`.")
    if len(text) > MAX_NAME_CHARS:
        return error(f"That is {len(text):,} characters; a company name has at most 200.")
    found = ctx.uow.companies.find_exact(text)
    if found is not None:
        return found
    close = close_companies(ctx, text)
    if not close:
        return error(
            f"No company called “{text[:80]}”. `company add {text[:80]}` adds one; "
            "`accounts --team` lists them."
        )
    names = ", ".join(c.name for c in close)
    return Reply(
        text=f"No company called “{text[:80]}”. Did you mean: {names}?",
        kind="choose",
        buttons=tuple(Button(c.name, SHOW, str(c.id)) for c in close),
    )
