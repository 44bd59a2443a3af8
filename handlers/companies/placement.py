"""Which company record a typed company name (or an email's domain) means.

Exact name, alias or domain picks it; a close but inexact name is never guessed: the
caller offers the close ones and "new company". A name close to none is created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process, utils

from handlers.companies.names import company_name
from handlers.context import Ctx

if TYPE_CHECKING:
    from storage.models import Company

# Tighter than contacts (80): company names share words ("Acme Logistics", "Acme Labs").
CLOSE_SCORE = 85
MAX_CHOICES = 5
MIN_FUZZY_CHARS = 3


def known_company(ctx: Ctx, text: str | None, email: str | None = None) -> Company | None:
    """The company an exact name, alias or domain names, else the one owning the email's
    domain; None when neither is known."""
    companies = ctx.uow.companies
    if text:
        found = companies.find_exact(text)
        if found is not None:
            return found
    return companies.by_email(email)


def close_companies(ctx: Ctx, text: str) -> list[Company]:
    """Active companies whose name or alias is close to `text` (best first)."""
    if len(text) < MIN_FUZZY_CHARS:
        return []
    corpus = ctx.uow.companies.names_for_matching()
    if not corpus:
        return []
    matches = process.extract(
        text,
        [name for _, name in corpus],
        scorer=fuzz.ratio,
        processor=utils.default_process,
        limit=MAX_CHOICES * 2,
        score_cutoff=CLOSE_SCORE,
    )
    seen: list[int] = []
    for _, _, index in matches:
        if corpus[index][0] not in seen:
            seen.append(corpus[index][0])
    found = [ctx.uow.companies.get(company_id) for company_id in seen[:MAX_CHOICES]]
    return [c for c in found if c is not None]


def new_company(ctx: Ctx, text: str) -> Company:
    """A company named as typed (BadName when it cannot be a name)."""
    return ctx.uow.companies.add(company_name(text), ctx.now, ctx.user.id)


def company_for(ctx: Ctx, text: str | None, email: str | None = None) -> Company | None:
    """The known company, or a new one named `text` (a rep's first mention creates it).

    For callers that already know no close match stands in the way (the rep chose
    "new company", or `close_companies` found none).
    """
    found = known_company(ctx, text, email)
    if found is not None or not text:
        return found
    # Two first mentions at once (two reps after one meeting, two servers) create it
    # once: the second waits for the workspace's write lock, then finds the first's.
    ctx.contacts.lock_for_create()
    found = known_company(ctx, text, email)
    return found if found is not None else new_company(ctx, text)
