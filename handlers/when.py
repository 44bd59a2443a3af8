"""Reading "when" an interaction happened: `yesterday`, `last Tuesday`, `2026-11-03`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateparser

from handlers.grammar import GrammarError

# A note records what happened: a date a little ahead of now is clock skew, more is a typo.
FUTURE_TOLERANCE = timedelta(hours=12)


def zone(name: str | None, default: str = "UTC") -> ZoneInfo:
    for candidate in (name, default, "UTC"):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """The moment `text` names, in UTC, read in the rep's timezone."""
    local_now = now.astimezone(tz)
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": local_now.replace(tzinfo=None),
            "TIMEZONE": str(tz),
            "RETURN_AS_TIMEZONE_AWARE": True,
            "TO_TIMEZONE": "UTC",
        },
    )
    if parsed is None:
        raise GrammarError(
            f"I couldn't read {text!r} as a date. Try @yesterday, @last Tuesday or @2026-11-03."
        )
    parsed = parsed.astimezone(UTC)
    if parsed > now + FUTURE_TOLERANCE:
        raise GrammarError(
            f"{text!r} is in the future ({parsed:%Y-%m-%d}); a note records what already happened."
        )
    return parsed
