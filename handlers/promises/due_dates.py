"""Reading a due date out of a commitment: "send the deck by Thursday"."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dateparser

# The date follows one of these words at the end of the sentence.
DUE_MARKER = re.compile(
    r"^(?P<what>.*?)\s*\b(?:by|before|until|on|due|no later than)\s+(?P<when>[^,;]+?)[.!]?$",
    re.IGNORECASE,
)


def parse_due(text: str, now: datetime, tz: ZoneInfo) -> date | None:
    """A local date on or after today, or None when `text` names none."""
    if text.strip().isdigit():  # dateparser reads "2" as 2 February and "15" as the 15th
        return None
    parsed = dateparser.parse(
        text.strip(),
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": now.astimezone(tz).replace(tzinfo=None),
        },
    )
    return None if parsed is None else parsed.date()


def date_example(today: date) -> str:
    """A date to type, a week from today: a fixed example would one day be in the past."""
    return f"{today + timedelta(days=7):%Y-%m-%d}"


def split_commitment(text: str, now: datetime, tz: ZoneInfo) -> tuple[str, date] | None:
    """("send the deck", due date) when the sentence ends with a readable date."""
    match = DUE_MARKER.match(text.strip())
    if not match:
        return None
    due = parse_due(match["when"], now, tz)
    if due is None:
        return None
    return match["what"].strip(), due
