"""Which company record a typed company name (or an email's domain) means."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.context import Ctx

if TYPE_CHECKING:
    from storage.models import Company


def known_company(ctx: Ctx, text: str | None, email: str | None = None) -> Company | None:
    """The company an exact name, alias or domain names, else the one owning the email's
    domain; None when neither is known."""
    companies = ctx.uow.companies
    if text:
        found = companies.find_exact(text)
        if found is not None:
            return found
    return companies.by_email(email)


def company_for(ctx: Ctx, text: str | None, email: str | None = None) -> Company | None:
    """The known company, or a new one named `text` (a rep's first mention creates it)."""
    found = known_company(ctx, text, email)
    if found is not None or not text:
        return found
    return ctx.uow.companies.add(" ".join(text.split()), ctx.now, ctx.user.id)
