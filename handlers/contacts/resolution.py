"""Finding the contact a rep means: exact first, close matches offered, never guessed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process, utils

from handlers.companies.placement import known_company
from handlers.context import Ctx
from storage.directory import name_key

if TYPE_CHECKING:
    from storage.models import Contact

CLOSE_SCORE = 80
MAX_CHOICES = 5
MIN_FUZZY_CHARS = 3  # one or two letters are close to everything


@dataclass
class Resolution:
    contact: Contact | None = None
    close: list[Contact] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.contact is not None


def resolve(
    ctx: Ctx, text: str, company: str | None = None, *, second_look: bool = False
) -> Resolution:
    exact = ctx.contacts.find_exact(text)
    if company:
        wanted = known_company(ctx, company)
        same = [c for c in exact if wanted is not None and c.company_id == wanted.id]
        if len(same) == 1:
            return Resolution(contact=same[0])
        unset = [c for c in exact if c.company_id is None]
        if not same and len(unset) == 1 and len(exact) == 1:
            # A contact with no company yet: the one meant; a note then places them.
            return Resolution(contact=unset[0])
        if exact:
            return Resolution(close=exact[:MAX_CHOICES])
    elif len(exact) == 1:
        return Resolution(contact=exact[0])
    elif exact:
        return Resolution(close=exact[:MAX_CHOICES])
    close = close_matches(ctx, text)
    if not second_look and any(c.name_key == name_key(text) for c in close):
        # The contact was created (by a concurrent request) between the exact look-up
        # and the fuzzy one: look again rather than offer it as a "close" match.
        return resolve(ctx, text, company, second_look=True)
    return Resolution(close=close)


def close_matches(ctx: Ctx, text: str) -> list[Contact]:
    if len(text) < MIN_FUZZY_CHARS:
        return []
    corpus = ctx.contacts.names_for_matching()
    if not corpus:
        return []
    matches = process.extract(
        text,
        [name for _, name in corpus],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=MAX_CHOICES * 2,
        score_cutoff=CLOSE_SCORE,
    )
    seen: list[int] = []
    for _, _, index in matches:
        contact_id = corpus[index][0]
        if contact_id not in seen:
            seen.append(contact_id)
    found = [ctx.contacts.get(contact_id) for contact_id in seen[:MAX_CHOICES]]
    return [c for c in found if c is not None]
