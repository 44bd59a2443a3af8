"""`profile <contact>` and `fact <contact> <key>: <value> [--shared]`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.contacts.lookup import find_contact
from handlers.context import Ctx
from handlers.dates import calendar as dates
from handlers.dates.commands import date_fields, record_date
from handlers.formatting import contact_label, days_ago, shorten
from handlers.ledger.grammar import clean_text
from handlers.loyalty import answers as loyalty
from handlers.loyalty.answers import LOYALTY_KEY
from handlers.messages import Reply, ReplyField, error
from handlers.profile.question_bank import SIDES
from handlers.profile.situations import situational_fields
from handlers.stages.commands import stage_command

if TYPE_CHECKING:
    from storage.models import Contact

FACT_FORM = "fact Jane Doe career: wants to run ops for EMEA"
SHARED_FLAG = "--shared"
SHARED_WORDS = (SHARED_FLAG, "--share")
SHARED_FORM = "fact Jane Doe family: two kids, Sam and Ida --shared"
MAX_FACT_CHARS = 1000
LOYALTY_FIELD = "Situational · Competitor test"


def profile_command(ctx: Ctx, rest: str) -> Reply:
    contact = find_contact(ctx, rest, "profile")
    if isinstance(contact, Reply):
        return contact
    return profile(ctx, contact)


def profile(ctx: Ctx, contact: Contact) -> Reply:
    facts = ctx.facts.current(contact.id, ctx.user.id)
    fields = []
    for side in SIDES:
        for fact_key in ctx.services.questions.side(side):
            fact = facts.get(fact_key.key)
            if fact is None:
                value = "unknown"
            else:
                age = (ctx.now - fact.recorded_at).days
                fresh = fact_key.is_fresh(fact.recorded_at, ctx.now, ctx.policy.fact_stale_days)
                value = f"{fact.value} ({days_ago(age)}{'' if fresh else ', stale'})"
                if side == "personal" and not fact.shared:
                    value += " · only you see this"
            fields.append(ReplyField(f"{side.title()} · {fact_key.label}", value))
    fields += situational_fields(ctx.services.questions, facts, ctx.now)
    fields += date_fields(ctx, facts)
    latest = ctx.uow.loyalty.latest(contact.id)
    if latest is not None:
        fields.append(ReplyField(LOYALTY_FIELD, loyalty.describe(latest, ctx.now)))
    details = [contact_label(contact)]
    if contact.email:
        details.append(contact.email)
    aliases = ctx.contacts.aliases(contact.id)
    if aliases:
        details.append("also " + ", ".join(aliases))
    return Reply(text=" · ".join(details), kind="profile", fields=tuple(fields))


def fact_command(ctx: Ctx, rest: str) -> Reply:
    text = clean_text(rest)
    head, colon, value = text.partition(":")
    flags = split_flags(head, value.strip())
    if isinstance(flags, Reply):
        return flags
    head, value, shared = flags
    contact_text, _, key_word = head.strip().rpartition(" ")
    if not colon or not contact_text or not value:
        return error(f"Write it as: {FACT_FORM} (keys: {keys_text(ctx)})")
    date_key = dates.resolve(key_word)
    if date_key is not None:
        contact = find_contact(ctx, contact_text, "fact")
        if isinstance(contact, Reply):
            return contact
        return record_date(ctx, contact, date_key, value, shared)
    if key_word.lower() == "stage":  # `fact Ben Ortiz stage: engaged` is `stage Ben Ortiz …`
        return stage_command(ctx, f"{contact_text} {value}")
    fact_key = ctx.services.questions.resolve(key_word)
    if fact_key is None:
        return error(f"Unknown fact key “{key_word}”. Keys: {keys_text(ctx)}")
    if len(value) > MAX_FACT_CHARS:
        return error(f"That fact is {len(value):,} characters; the most is {MAX_FACT_CHARS:,}.")
    contact = find_contact(ctx, contact_text, "fact")
    if isinstance(contact, Reply):
        return contact
    if fact_key.key == LOYALTY_KEY:  # kept as rows of its own; `loyal` is its command
        return loyalty.record(ctx, contact, *loyalty.read_answer(value))
    ctx.facts.record(
        contact.id, fact_key.key, fact_key.side, value, ctx.user.id, ctx.now, shared=shared
    )
    who = "everyone in the workspace" if fact_key.side != "personal" or shared else "only you"
    return Reply(
        text=f"Noted for {contact_label(contact)} · {fact_key.label}: {value} (visible to {who}).",
        kind="fact",
    )


def split_flags(head: str, value: str) -> tuple[str, str, bool] | Reply:
    """`--shared` (or `--share`) anywhere before the ':' or first or last after it; any
    other `--word` before the ':' is refused rather than read as part of the name."""
    words, shared = [], False
    for word in head.split():
        if word.lower() in SHARED_WORDS:
            shared = True
        elif word.startswith("--") and len(word) > 2:
            return error(
                f"Unknown option “{shorten(word, 40)}”: the one option is {SHARED_FLAG} "
                f"(to show a personal fact to everyone), e.g. {SHARED_FORM}"
            )
        else:
            words.append(word)
    said = value.split()
    if said and said[-1].lower() in SHARED_WORDS:
        shared, said = True, said[:-1]
    if said and said[0].lower() in SHARED_WORDS:
        shared, said = True, said[1:]
    return " ".join(words), " ".join(said), shared


def keys_text(ctx: Ctx) -> str:
    bank = ctx.services.questions
    sides = (*SIDES, "situational")
    keys = [f"{side}: " + ", ".join(f.key for f in bank.side(side)) for side in sides]
    keys.append("dates: " + ", ".join(dates.date_keys()))
    return "; ".join(keys)
