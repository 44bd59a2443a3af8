"""A calendar read into meetings: attendees matched to contacts by exact email only,
colleagues (the internal domains and the owner's own) left out; an attendee who is no
contact but whose domain is a known company's is kept as a newcomer, to be offered as a
new contact. A failed read changes nothing saved: the meetings are replaced only once the
whole calendar has been read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handlers.calendar.config import CalendarConfig
from handlers.calendar.feed import CalendarError, Occurrence, read_calendar, window
from storage.unit_of_work import UnitOfWork

__all__ = ["CalendarError", "ReadResult", "refresh"]

# Newcomers kept per meeting: each is a button, and a message has room for a few.
MAX_NEWCOMERS = 3


@dataclass(frozen=True)
class ReadResult:
    events: int
    meetings: int  # with at least one known contact or newcomer

    def text(self) -> str:
        return f"ok: {self.events} events, {self.meetings} with your contacts"


def _domain(email: str) -> str:
    return email.rpartition("@")[2]


def refresh(
    uow: UnitOfWork, calendar, data: bytes, now: datetime, config: CalendarConfig
) -> ReadResult:
    """Read `data` into `calendar`'s meetings (uow bound to its workspace); raises
    CalendarError, before anything is written, when it is no readable calendar."""
    start, end = window(now, config.look_back, config.look_ahead)
    read = read_calendar(data, start, end, calendar.owner_email)
    if calendar.owner_email is None and read.owner_hint:
        calendar.owner_email = read.owner_hint
    internal = set(config.internal_domains)
    if calendar.owner_email:
        internal.add(_domain(calendar.owner_email))
    outside = {
        email: None
        for occurrence in read.occurrences
        for email in occurrence.attendees
        if _domain(email) not in internal
    }
    known = uow.calendars.contacts_by_email(outside)
    companies = uow.calendars.companies_by_domain(
        {_domain(email): None for email in outside if email not in known}
    )
    rows = []
    for occurrence in read.occurrences:
        ids = _contact_ids(occurrence, known)
        newcomers = _newcomers(occurrence, known, companies, internal)
        if ids or newcomers:
            rows.append(
                {
                    "occurrence_key": occurrence.key,
                    "original_start": occurrence.original_start,
                    "summary": occurrence.summary,
                    "start_at": occurrence.start,
                    "end_at": occurrence.end,
                    "contact_ids": ids,
                    "newcomers": newcomers or None,
                }
            )
    uow.calendars.replace_meetings(calendar, rows)
    return ReadResult(len(read.occurrences), len(rows))


def _contact_ids(occurrence: Occurrence, known) -> list[int]:
    ids: list[int] = []
    for email in occurrence.attendees:
        contact = known.get(email)
        if contact is not None and contact.id not in ids:
            ids.append(contact.id)
    return ids


def _newcomers(occurrence: Occurrence, known, companies, internal: set[str]) -> list[dict]:
    """Attendees who are no contact yet, at a known company's domain, in attendee order."""
    found = []
    for email in occurrence.attendees:
        domain = _domain(email)
        if email in known or domain in internal or domain not in companies:
            continue
        company_id, company = companies[domain]
        found.append({"email": email, "company_id": company_id, "company": company})
        if len(found) == MAX_NEWCOMERS:
            break
    return found
