"""Where the answers to the stage questions and the retrospective question go besides
the fact itself: not-met stakeholders at the account, a dated fact, a feedback item."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from handlers.context import Ctx
from handlers.dates import calendar as dates
from handlers.dates.calendar import DateError
from handlers.formatting import shorten
from handlers.nudges.questions import Question

if TYPE_CHECKING:
    from storage.models import Contact

RETROSPECTIVE_KEY = "retrospective"
NOT_MET = "not_met"
DATE = "date:"
MAX_NAMES = 10
MAX_NAME_CHARS = 200
_SPLIT = re.compile(r"\s*(?:,|;|\n|\band\b|&)\s*", re.IGNORECASE)
_NOBODY = {"none", "nobody", "no one", "noone", "n/a", "all met", "we met them all", "-"}


def follow_up(ctx: Ctx, question: Question | None, fact_key: str, contact: Contact, text: str):
    """Lines for the answer's reply, after doing what the answer asks for."""
    if fact_key == RETROSPECTIVE_KEY:
        return [_retro_item(ctx, contact, text)]
    if question is None:
        return []
    if question.answer == NOT_MET:
        return [_not_met(ctx, contact, text)]
    if question.answer.startswith(DATE):
        return [_dated(ctx, contact, question.answer[len(DATE) :], text)]
    return []


def _retro_item(ctx: Ctx, contact: Contact, text: str) -> str:
    item = ctx.uow.feedback.add(
        text, ctx.user.id, ctx.now, company_id=contact.company_id, contact_id=contact.id
    )
    return (
        f"Kept as retrospective item #{item.id} (open): `retro respond {item.id}: …` "
        f"records what we do about it."
    )


def stakeholder_names(text: str) -> list[str]:
    names = []
    for part in _SPLIT.split(text):
        name = " ".join(part.strip(" .").split())
        if not name or name.casefold() in _NOBODY or not any(ch.isalnum() for ch in name):
            continue
        if len(name) <= MAX_NAME_CHARS and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names[:MAX_NAMES]


def _not_met(ctx: Ctx, contact: Contact, text: str) -> str:
    if contact.company_id is None:
        return (
            "No account to list them on: place the contact at a company "
            "(`contact add … (Acme)`) to keep its not-met stakeholders."
        )
    company = contact.company_record
    added, known = [], []
    for name in stakeholder_names(text):
        if any(c.company_id == company.id for c in ctx.contacts.find_exact(name)):
            known.append(name)
            continue
        ctx.contacts.add(name, ctx.now, ctx.user.id, company=company, not_met=True)
        added.append(name)
    parts = []
    if added:
        parts.append(f"Added to {company.name}'s not-met stakeholders: {', '.join(added)}.")
    if known:
        parts.append(f"Already known at {company.name}: {', '.join(known)}.")
    return " ".join(parts) or "No names read from it, so no stakeholder was added."


def _dated(ctx: Ctx, contact: Contact, key: str, text: str) -> str:
    date_key = dates.resolve(key)
    if date_key is None:
        return ""
    today = ctx.now.astimezone(ctx.tz).date()
    try:
        stored = dates.read_date(text, date_key, today)
    except DateError as exc:
        return (
            f"No date kept ({shorten(str(exc), 120)}): "
            f"`fact {contact.name} {date_key.key}: 14 March 2027` sets it."
        )
    ctx.facts.record(contact.id, date_key.key, date_key.side, stored, ctx.user.id, ctx.now)
    return (
        f"{date_key.label}: {dates.shown(stored)}, reminded {date_key.remind_days} day(s) before."
    )
