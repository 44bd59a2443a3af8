"""The call brief for one contact: what a rep reads before a call, as fields or as plain
text to paste into the email sent before it (an account's brief: advice/account_brief)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import prompts
from handlers.advice.next_step import step_for
from handlers.advice.rules import NextStep, age_text
from handlers.advice.situation import OpenItem, Situation
from handlers.amends.issues import SECTION_LINES, issue_line, issues, summary
from handlers.context import Ctx
from handlers.formatting import contact_label, shorten, signed
from handlers.health.contact_health import contact_health
from handlers.loyalty.answers import latest_text as latest_loyalty
from handlers.messages import ReplyField

if TYPE_CHECKING:
    from storage.models import Contact

RECENT_DEBITS = 3
LAST_NOTES = 5
NOTE_CHARS = 120
UNKNOWN = "unknown"
NONE = "none"


@dataclass(frozen=True)
class Brief:
    """One contact's brief as labelled sections; each section is a list of lines."""

    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]

    def fields(self) -> tuple[ReplyField, ...]:
        return tuple(ReplyField(label, "\n".join(lines)) for label, lines in self.sections)

    def text(self) -> str:
        parts = [self.title]
        for label, lines in self.sections:
            if len(lines) == 1:
                parts.append(f"{label}: {lines[0]}")
            else:
                parts.append(f"{label}:\n" + "\n".join(f"- {line}" for line in lines))
        return "\n\n".join(parts)


def brief_of(ctx: Ctx, contact: Contact) -> Brief:
    facts = ctx.facts.current(contact.id, ctx.user.id)
    step, situation = step_for(ctx, contact, contact_health(ctx, contact), facts)
    debits = [
        (entry.occurred_at, entry.amount, entry.note, author)
        for entry, author in ctx.uow.briefs.notes(contact.id, RECENT_DEBITS, debits_only=True)
    ]
    notes = [
        (entry.occurred_at, entry.amount, entry.note, author)
        for entry, author in ctx.uow.briefs.notes(contact.id, LAST_NOTES)
    ]
    texts = prompts.load("brief")
    sections: list[tuple[str, tuple[str, ...]]] = [
        ("Balance", (absorb_text(texts, situation),)),
        ("Recent debits", tuple(_entry_line(ctx, *d) for d in debits) or (NONE,)),
        ("Issues", issue_lines(ctx, [contact.id])),
        ("Competitor test", (latest_loyalty(ctx, contact),)),
        ("Open promises", _items(ctx, situation.open_items.get("promises", ()))),
    ]
    retro = situation.open_items.get("retrospective", ())
    if retro:  # shown only once a retrospective records open items
        sections.append(("Open retrospective items", _items(ctx, retro)))
    sections.append(("Professional side", professional_lines(ctx, situation)))
    sections.append(("Last notes", tuple(_entry_line(ctx, *n) for n in notes) or (NONE,)))
    if situation.stage:
        sections.append(("Stage", (situation.stage,)))
    sections.append(("Talking points", talking_points(texts, situation, debits, step)))
    sections.append(("Next step", (step.text,)))
    when = ctx.now.astimezone(ctx.tz)
    return Brief(
        f"Call brief: {contact_label(contact)} · {when:%a} {when.day} {when:%b %Y}", tuple(sections)
    )


def issue_lines(ctx: Ctx, contact_ids: list[int]) -> tuple[str, ...]:
    """The past year's debits, open ones first: "2 of 3 issues closed", then each."""
    found = issues(ctx, contact_ids)
    if not found:
        return (NONE,)
    shown = sorted(found, key=lambda i: (not i.is_open, -i.occurred_at.timestamp()))
    lines = [summary(ctx, found)] + [issue_line(ctx, i) for i in shown[:SECTION_LINES]]
    if len(found) > SECTION_LINES:
        lines.append(f"…and {len(found) - SECTION_LINES} more in `history`.")
    return tuple(lines)


def absorb_text(texts: dict, s: Situation) -> str:
    absorb = texts["absorb"]
    key = "positive" if s.balance > 0 else "zero" if s.balance == 0 else "negative"
    return absorb[key].format(balance=s.balance, first=s.first_name, name=s.name)


def _day(ctx: Ctx, at: datetime) -> str:
    local = at.astimezone(ctx.tz)
    return f"{local.day} {local:%b %Y}"


def _entry_line(ctx: Ctx, at: datetime, amount: int, note: str, author: str) -> str:
    return f"{signed(amount)} · {_day(ctx, at)} · {shorten(note, NOTE_CHARS)} ({author})"


def _items(ctx: Ctx, items: tuple[OpenItem, ...]) -> tuple[str, ...]:
    lines = []
    for item in items:
        due = f"due {item.when.day} {item.when:%b %Y} · " if item.when else ""
        who = f" ({item.who})" if item.who else ""
        lines.append(f"{due}{shorten(item.text, NOTE_CHARS)}{who}")
    return tuple(lines) or (NONE,)


def professional_lines(ctx: Ctx, s: Situation) -> tuple[str, ...]:
    lines = []
    for fact_key in ctx.services.questions.professional:
        fact = s.facts.get(fact_key.key)
        if fact is None:
            lines.append(f"{fact_key.label}: {UNKNOWN}")
            continue
        stale = "" if fact.fresh else ", STALE"
        lines.append(
            f"{fact_key.label}: {shorten(fact.value, NOTE_CHARS)} ({age_text(fact, s)}{stale})"
        )
    return tuple(lines)


def _value(s: Situation, key: str) -> str | None:
    fact = s.facts.get(key)
    return shorten(fact.value.strip().rstrip(".!;"), NOTE_CHARS) if fact else None


def talking_points(texts: dict, s: Situation, debits: list, step: NextStep) -> tuple[str, str, str]:
    """Listen first; own what went wrong, by name; the fix you offer."""
    points = texts["talking_points"]
    names = {"first": s.first_name, "name": s.name}
    if _value(s, "worries"):
        listen = points["listen_worry"].format(worries=_value(s, "worries"), **names)
    elif _value(s, "goals"):
        listen = points["listen_goal"].format(goals=_value(s, "goals"), **names)
    elif s.missing_question:
        listen = points["listen_unknown"].format(question=s.missing_question, **names)
    else:
        listen = points["listen_default"].format(**names)
    if debits:
        at, _, note, _ = debits[0]
        local = at.astimezone(s.tz)
        own = points["own_debit"].format(
            debit=shorten(note, NOTE_CHARS), debit_date=f"{local.day} {local:%b}", **names
        )
    else:
        own = points["own_none"].format(**names)
    promises = s.open_items.get("promises", ())
    if _value(s, "help"):
        fix = points["fix_help"].format(help=_value(s, "help"), **names)
    elif promises:
        first = promises[0]
        fix = points["fix_promise"].format(
            promise=shorten(first.text, NOTE_CHARS),
            promise_date=f"{first.when.day} {first.when:%b}" if first.when else "?",
            **names,
        )
    else:
        fix = points["fix_step"].format(step=step.text, **names)
    return listen, own, fix
