"""Reading an ICS calendar: its meetings over a bounded window, recurrences expanded in
each event's own timezone, cancelled and declined ones left out. Pure: bytes in, data out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import recurring_ical_events

# An attendee list is read up to this many entries; the rest are not matched.
MAX_ATTENDEES = 1000
MAX_SUMMARY = 300


class CalendarError(ValueError):
    """The data is not a calendar we can read; the message says why, for the rep."""


@dataclass(frozen=True)
class Occurrence:
    uid: str
    original_start: datetime  # the RECURRENCE-ID: the same when an instance is moved
    start: datetime  # UTC
    end: datetime  # UTC
    summary: str
    attendees: tuple[str, ...]  # emails, lower case, in the order listed

    @property
    def key(self) -> str:
        """The occurrence's identity: its UID and original start, hashed to a fixed size."""
        text = f"{self.uid}|{self.original_start.astimezone(UTC).isoformat()}"
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class FeedRead:
    occurrences: list[Occurrence]
    # The feed's own name when it is an address (Google names a primary calendar so).
    owner_hint: str | None


def read_calendar(data: bytes, start: datetime, end: datetime, owner_email: str | None) -> FeedRead:
    """Meetings overlapping [start, end), without cancelled ones and those the owner
    declined. CalendarError when `data` is no calendar."""
    calendar = _parse(data)
    name = str(calendar.get("X-WR-CALNAME", "")).strip().lower()
    owner_hint = name if _looks_like_email(name) else None
    owner = (owner_email or owner_hint or "").lower()
    try:
        events = recurring_ical_events.of(calendar, skip_bad_series=True).between(start, end)
    except Exception as exc:  # the library raises its own types for broken rules and dates
        raise CalendarError(f"the calendar has an event I cannot read ({exc})") from exc
    found: dict[str, Occurrence] = {}
    for event in events:
        occurrence = _occurrence(event, owner)
        if occurrence is not None:
            found.setdefault(occurrence.key, occurrence)
    return FeedRead(sorted(found.values(), key=lambda o: (o.start, o.uid)), owner_hint)


def _parse(data: bytes) -> icalendar.Calendar:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if not head.startswith(b"BEGIN:VCALENDAR"):
        raise CalendarError("that is not an ICS calendar (it does not start with BEGIN:VCALENDAR)")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:
        raise CalendarError(f"that ICS calendar cannot be read ({str(exc)[:120]})") from exc
    if isinstance(calendar, list):  # several calendars in one file: read the first
        calendar = calendar[0]
    return calendar


def _occurrence(event, owner: str) -> Occurrence | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    if not isinstance(event["DTSTART"].dt, datetime):
        return None  # an all-day event is no meeting
    attendees = _attendees(event, owner)
    if attendees is None:  # the owner declined
        return None
    start = _utc(event["DTSTART"].dt)
    end = _utc(event["DTEND"].dt) if event.get("DTEND") else start
    recurrence = event.get("RECURRENCE-ID")
    original = _utc(recurrence.dt) if recurrence is not None else start
    summary = str(event.get("SUMMARY", "")).strip()[:MAX_SUMMARY] or "(no title)"
    uid = str(event.get("UID", "")).strip() or f"no-uid:{summary}:{original.isoformat()}"
    return Occurrence(uid, original, start, max(end, start), summary, attendees)


def _attendees(event, owner: str) -> tuple[str, ...] | None:
    """The attendees' emails, or None when the owner's own entry says DECLINED."""
    listed = event.get("ATTENDEE", [])
    if not isinstance(listed, list):
        listed = [listed]
    emails: list[str] = []
    for attendee in listed[:MAX_ATTENDEES]:
        email = _email(str(attendee))
        if not email:
            continue
        partstat = str(getattr(attendee, "params", {}).get("PARTSTAT", "")).upper()
        if owner and email == owner and partstat == "DECLINED":
            return None
        if email not in emails:
            emails.append(email)
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        email = _email(str(organizer))
        if email and email not in emails:
            emails.append(email)
    return tuple(emails)


def _email(value: str) -> str:
    value = value.strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    value = value.strip().lower()
    return value if _looks_like_email(value) else ""


def _looks_like_email(text: str) -> bool:
    local, at, domain = text.partition("@")
    return bool(at and local and "." in domain and " " not in text)


def _utc(value) -> datetime:
    """A start or end as UTC. A date (all-day) counts from midnight UTC; a floating time
    (no zone) is read as UTC."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=UTC)
    raise CalendarError("an event has a start that is not a date or a time")


def window(now: datetime, back: timedelta, ahead: timedelta) -> tuple[datetime, datetime]:
    return now - back, now + ahead
