"""The dated fact keys (`prompts/dates.yaml`), reading a date a rep typed, and the next
time a stored date comes round."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import prompts

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
# "2027-03-14"; "14 March [2027]"; "March 14[,] [2027]"; "03-14" (month-day).
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?(?:\s+(\d{4}))?$")
_MONTH_FIRST = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$")
EXAMPLES = "14 March, March 14 2027 or 2027-03-14"


class DateError(ValueError):
    """A date that cannot be read or cannot exist; the message says which and why."""


@dataclass(frozen=True)
class DateKey:
    key: str
    side: str  # personal | professional: who may see it, as for every fact
    label: str
    yearly: bool
    remind_days: int
    aliases: tuple[str, ...]


@cache
def date_keys() -> dict[str, DateKey]:
    data = prompts.load("dates")["dates"]
    return {
        key: DateKey(
            key=key,
            side=spec["side"],
            label=spec["label"],
            yearly=bool(spec.get("yearly", False)),
            remind_days=int(spec["remind_days"]),
            aliases=tuple(spec.get("aliases", ())),
        )
        for key, spec in data.items()
    }


def resolve(word: str) -> DateKey | None:
    word = word.strip().lower()
    for date_key in date_keys().values():
        if word == date_key.key or word in date_key.aliases:
            return date_key
    return None


def _month(name: str) -> int:
    month = MONTHS.get(name.lower())
    if month is None:
        raise DateError(f"“{name}” is not a month. Write the date as {EXAMPLES}.")
    return month


def _parts(text: str) -> tuple[int | None, int, int]:
    """(year or None, month, day) as typed, before any check that the day exists."""
    cleaned = " ".join(text.strip().lower().split())
    if match := _ISO.match(cleaned):
        return int(match[1]), int(match[2]), int(match[3])
    if match := _MONTH_DAY.match(cleaned):
        return None, int(match[1]), int(match[2])
    if match := _DAY_MONTH.match(cleaned):
        return (int(match[3]) if match[3] else None), _month(match[2]), int(match[1])
    if match := _MONTH_FIRST.match(cleaned):
        return (int(match[3]) if match[3] else None), _month(match[1]), int(match[2])
    raise DateError(f"I can't read “{text[:40]}” as a date. Write it as {EXAMPLES}.")


def read_date(text: str, date_key: DateKey, today: date) -> str:
    """The date as stored: "2027-03-14", or "--03-14" for a yearly date given without a
    year. Impossible dates (31 February) and one-off dates without a year are refused."""
    year, month, day = _parts(text)
    if not 1 <= month <= 12:
        raise DateError(f"There is no month {month}. Write the date as {EXAMPLES}.")
    # 29 February exists in a leap year: a birthday given without a year may be one.
    longest = calendar.monthrange(year if year is not None else 2024, month)[1]
    if not 1 <= day <= longest:
        name = calendar.month_name[month]
        if year is None:
            raise DateError(f"There is no {day} {name}: {name} has at most {longest} days.")
        raise DateError(f"There is no {day} {name} {year}: it has {longest} days.")
    if year is None:
        if not date_key.yearly:
            raise DateError(
                f"Give the year of the {date_key.label.lower()}, e.g. "
                f"`{day} {calendar.month_name[month]} {today.year + 1}`."
            )
        return f"--{month:02d}-{day:02d}"
    if not 1900 <= year <= 2200:
        raise DateError(f"{year} is not a year I can remind you of.")
    return f"{year:04d}-{month:02d}-{day:02d}"


def _on(year: int, month: int, day: int) -> date:
    # A 29 February comes round on 28 February in the other years.
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def next_occurrence(stored: str, date_key: DateKey, today: date) -> date | None:
    """The next day (today included) the stored date falls on; None when it has passed."""
    try:
        if stored.startswith("--"):
            month, day = (int(p) for p in stored[2:].split("-"))
            year = None
        else:
            year, month, day = (int(p) for p in stored.split("-"))
    except ValueError:
        return None  # a value written before dates were read: no reminder
    if date_key.yearly:
        this_year = _on(today.year, month, day)
        return this_year if this_year >= today else _on(today.year + 1, month, day)
    if year is None:
        return None
    once = _on(year, month, day)
    return once if once >= today else None


def shown(stored: str) -> str:
    """ "14 Mar 2027", or "14 Mar" for a yearly date without a year."""
    if stored.startswith("--"):
        month, day = (int(p) for p in stored[2:].split("-"))
        return f"{day} {calendar.month_abbr[month]}"
    year, month, day = (int(p) for p in stored.split("-"))
    return f"{day} {calendar.month_abbr[month]} {year}"


def in_days(occurrence: date, today: date) -> str:
    days = (occurrence - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days ({occurrence:%a %d %b})"
