"""The contacts a captured message names: its author, an email, a mention or a name.

Only exact matches (name, alias or email, ignoring case) count, and the result is a
suggestion the rep sees in the form, never a choice made for them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from handlers.context import Ctx
from storage.directory import name_key

if TYPE_CHECKING:
    from storage.models import Contact

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORD = re.compile(r"[^\s,;:!?()\[\]{}<>\"“”]+")
MAX_WORDS_IN_NAME = 4
MAX_PHRASES = 4000  # a long message is still one query, of bounded size


def phrases(text: str) -> list[str]:
    """Every email, then every run of one to four words (a mention's '@' dropped), in
    the order they appear: the candidates for an exact name, alias or email."""
    found = [m.group(0).rstrip(".") for m in EMAIL.finditer(text)]
    words = [w.strip(".'’").lstrip("@") for w in WORD.findall(EMAIL.sub(" ", text))]
    words = [w for w in words if w]
    for start in range(len(words)):
        for size in range(MAX_WORDS_IN_NAME, 0, -1):
            if start + size <= len(words):
                found.append(" ".join(words[start : start + size]))
    return found[:MAX_PHRASES]


def named_contacts(ctx: Ctx, text: str, author: str = "") -> list[Contact]:
    """Known contacts the message names, the author first, then in reading order."""
    candidates = ([author] if author.strip() else []) + phrases(text)
    matches = ctx.contacts.find_any(candidates)
    order = {}
    for position, phrase in enumerate(candidates):
        order.setdefault(name_key(phrase), position)
    found: dict[int, tuple[int, Contact]] = {}
    for key, contact in matches:
        rank = order.get(key, len(candidates))
        if contact.id not in found or rank < found[contact.id][0]:
            found[contact.id] = (rank, contact)
    return [contact for _, contact in sorted(found.values(), key=lambda pair: pair[0])]
