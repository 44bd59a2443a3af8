"""Reading "when" an interaction happened: `yesterday`, `last Tuesday`, `2026-11-03`."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateparser

from handlers.ledger.grammar import GrammarError

# A note records what happened: a time a little ahead of now is clock skew, more is a typo.
FUTURE_TOLERANCE = timedelta(minutes=15)
# Nothing a rep logs happened before this; an older date is a typo in the year.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
HINT = "Try @yesterday, @last Tuesday or @2026-11-03."


def zone(name: str | None, default: str = "UTC") -> ZoneInfo:
    for candidate in (name, default, "UTC"):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def _unreadable(text: str) -> GrammarError:
    return GrammarError(f"I couldn't read {text!r} as a date. {HINT}")


def _iso_date(text: str, tz: ZoneInfo) -> datetime:
    """`2026-11-03` is year-month-day, always: an impossible one is an error, never a swap."""
    try:
        day = date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise _unreadable(text) from None
    return datetime.combine(day, time(), tzinfo=tz)


def _natural(text: str, local_now: datetime, tz: ZoneInfo) -> datetime | None:
    return dateparser.parse(
        text,
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": local_now.replace(tzinfo=None),
            "TIMEZONE": str(tz),
            "RETURN_AS_TIMEZONE_AWARE": True,
        },
    )


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """The moment `text` names, in UTC, read in the rep's timezone."""
    local_now = now.astimezone(tz)
    cleaned = text.strip()
    if not cleaned or cleaned.isdigit():  # a bare number: a day? a month? a year?
        raise _unreadable(text)
    try:
        if _ISO_DATE.match(cleaned):
            parsed = _iso_date(cleaned, tz)
        else:
            parsed = _natural(cleaned, local_now, tz)
        if parsed is None:
            raise _unreadable(text)
        parsed_local = parsed.astimezone(tz)
        parsed = parsed.astimezone(UTC)
    except (OverflowError, ValueError) as exc:  # out of datetime's range, odd offsets
        if isinstance(exc, GrammarError):
            raise
        raise _unreadable(text) from None
    if parsed_local.date() > local_now.date() or parsed > now + FUTURE_TOLERANCE:
        raise GrammarError(
            f"{text!r} is in the future ({parsed_local:%Y-%m-%d}); "
            "a note records what already happened."
        )
    if parsed < EARLIEST:
        raise GrammarError(f"{text!r} is before {EARLIEST:%Y}; check the year. {HINT}")
    return parsed
