"""Answers to situational questions (tough-call list, competitor test, re-invest,
retrospective, promise plan): dated, each under its own heading."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from handlers.formatting import days_ago, shorten
from handlers.messages import ReplyField
from handlers.profile.question_bank import QuestionBank

if TYPE_CHECKING:
    from storage.models import Fact

BRIEF_CHARS = 80
# The competitor test is kept as rows of its own (handlers/loyalty), shown from there.
OWN_ROWS = ("loyalty",)


def situational_fields(
    bank: QuestionBank, facts: dict[str, Fact], now: datetime
) -> list[ReplyField]:
    """One field per situational answer on record, newest value with its date."""
    return [
        ReplyField(f"Situational · {key.label}", f"{fact.value} ({_dated(fact, now)})")
        for key in bank.situational
        if key.key not in OWN_ROWS and (fact := facts.get(key.key)) is not None
    ]


def situational_brief(bank: QuestionBank, facts: dict[str, Fact], now: datetime) -> str | None:
    """The answers still fresh (within their situation's spacing), one short line each."""
    lines = [
        f"{key.label}: {shorten(fact.value, BRIEF_CHARS)} ({_dated(fact, now)})"
        for key in bank.situational
        if key.key not in OWN_ROWS
        and (fact := facts.get(key.key)) is not None
        and key.is_fresh(fact.recorded_at, now, None)
    ]
    return " · ".join(lines) or None


def _dated(fact: Fact, now: datetime) -> str:
    return f"{fact.recorded_at:%d %b %Y}, {days_ago((now - fact.recorded_at).days)}"
