"""Recording an answer to the competitor test, typed or given to the nudge, and showing
the latest one."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from handlers.contacts.lookup import find_contact
from handlers.context import Ctx
from handlers.formatting import contact_label, days_ago
from handlers.ledger.grammar import clean_text
from handlers.messages import Reply, error
from storage.loyalty import ANSWERS

if TYPE_CHECKING:
    from storage.models import Contact, LoyaltyAnswer

LOYALTY_KEY = "loyalty"  # the fact key the competitor-test questions file their answers under
FORM = "loyal Jane Doe yes: she told us about the rival bid last spring"
QUESTION = "would they call you if a competitor offered the same at the same price?"
MAX_WHY_CHARS = 1000
# How an answer given to the nudge in words opens: "yes, …", "no —", "not sure: …".
_OPENING = re.compile(
    r"^\s*(?P<word>yes|yep|yeah|no|nope|unsure|not sure|maybe|perhaps|probably not)\b"
    r"[\s,.:;!—–-]*",
    re.IGNORECASE,
)
_SAID = {"yep": "yes", "yeah": "yes", "nope": "no", "probably not": "no"}
_SAID |= {"not sure": "unsure", "maybe": "unsure", "perhaps": "unsure"}


def loyal_command(ctx: Ctx, rest: str) -> Reply:
    """`loyal <contact> yes|unsure|no[: <why>]`."""
    head, _, why = clean_text(rest).partition(":")
    contact_text, _, word = head.strip().rpartition(" ")
    if not contact_text or not word:
        return error(f"Write it as: {FORM} (the answer is one of: {', '.join(ANSWERS)})")
    answer = word.lower()
    if answer not in ANSWERS:
        return error(
            f"“{word[:40]}” is not an answer to the competitor test ({QUESTION}). "
            f"Answer one of: {', '.join(ANSWERS)}, e.g. {FORM}"
        )
    why = why.strip()
    if len(why) > MAX_WHY_CHARS:
        return error(f"That is {len(why):,} characters; the most is {MAX_WHY_CHARS:,}.")
    contact = find_contact(ctx, contact_text, "loyal")
    if isinstance(contact, Reply):
        return contact
    return record(ctx, contact, answer, why)


def read_answer(text: str) -> tuple[str | None, str]:
    """(yes|unsure|no or None, the rest) from an answer written in words."""
    match = _OPENING.match(text)
    if match is None:
        return None, text.strip()
    word = match.group("word").lower()
    return _SAID.get(word, word), text[match.end() :].strip()


def record(ctx: Ctx, contact: Contact, answer: str | None, why: str) -> Reply:
    earlier = ctx.uow.loyalty.latest(contact.id)
    ctx.uow.loyalty.record(contact.id, answer, why, ctx.user.id, ctx.now)
    said = answer or "not said (yes, unsure or no)"
    lines = [
        f"Competitor test for {contact_label(contact)}: {said}"
        + (f" — {why}" if why else "")
        + " (visible to everyone in the workspace)."
    ]
    if earlier is not None:
        lines.append(f"Before: {describe(earlier, ctx.now)}.")
    return Reply(text="\n".join(lines), kind="fact")


def describe(row: LoyaltyAnswer, now: datetime) -> str:
    """ "yes — told us about the rival bid (12 Oct 2026, 41 days ago)" """
    said = row.answer or ""
    if row.why:
        said = f"{said} — {row.why}" if said else row.why
    age = days_ago(max(0, (now - row.recorded_at).days))
    return f"{said or 'answered'} ({row.recorded_at:%d %b %Y}, {age})"


def latest_text(ctx: Ctx, contact: Contact) -> str:
    row = ctx.uow.loyalty.latest(contact.id)
    return "not asked yet" if row is None else describe(row, ctx.now)
