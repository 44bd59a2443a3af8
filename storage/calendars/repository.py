"""`uow.calendars`: one workspace's calendars, the meetings read from them, and the
contacts their attendees are matched to (by exact email only)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.calendars.models import Calendar, CalendarMeeting
from storage.companies import domain_key
from storage.directory import name_key
from storage.models import Company, CompanyDomain, Contact
from storage.nudges.models import Nudge

# Email keys looked up per statement: a 500-attendee meeting stays a few queries.
EMAIL_CHUNK = 500


@dataclass(frozen=True)
class KnownContact:
    id: int
    name: str
    company: str | None


class Calendars:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def add(self, user_id: int, values: dict, now: datetime) -> Calendar | None:
        """The new calendar, or None when the rep already has this one."""
        row = Calendar(
            workspace_id=self.workspace_id,
            user_id=user_id,
            failures=0,
            next_poll_at=now,
            created_at=now,
            **values,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return None
        return row

    def find(self, user_id: int, url_hash: str) -> Calendar | None:
        return self.session.scalars(
            select(Calendar).where(
                Calendar.workspace_id == self.workspace_id,
                Calendar.user_id == user_id,
                Calendar.url_hash == url_hash,
            )
        ).first()

    def of_user(self, user_id: int) -> list[Calendar]:
        """The rep's calendars in the order they were added (`calendar remove <n>`)."""
        return list(
            self.session.scalars(
                select(Calendar)
                .where(Calendar.workspace_id == self.workspace_id, Calendar.user_id == user_id)
                .order_by(Calendar.id)
            )
        )

    def get(self, calendar_id: int) -> Calendar | None:
        return self.session.scalars(
            select(Calendar).where(
                Calendar.workspace_id == self.workspace_id, Calendar.id == calendar_id
            )
        ).first()

    def remove(self, calendar: Calendar) -> None:
        """The calendar and the meetings read from it (prompts already sent stay)."""
        self._forget_meetings(calendar.id)
        self.session.delete(calendar)

    def meeting_count(self, calendar_id: int) -> int:
        return self.session.scalar(
            select(func.count())
            .select_from(CalendarMeeting)
            .where(
                CalendarMeeting.workspace_id == self.workspace_id,
                CalendarMeeting.calendar_id == calendar_id,
            )
        )

    def replace_meetings(self, calendar: Calendar, rows: Sequence[dict]) -> None:
        """What the calendar now says: the meetings read replace the ones before."""
        self._forget_meetings(calendar.id)
        if rows:
            base = {
                "workspace_id": self.workspace_id,
                "user_id": calendar.user_id,
                "calendar_id": calendar.id,
            }
            self.session.execute(insert(CalendarMeeting), [{**base, **row} for row in rows])

    def meeting(self, user_id: int, occurrence_key: str) -> CalendarMeeting | None:
        return self.session.scalars(
            select(CalendarMeeting).where(
                CalendarMeeting.workspace_id == self.workspace_id,
                CalendarMeeting.user_id == user_id,
                CalendarMeeting.occurrence_key == occurrence_key,
            )
        ).first()

    def _forget_meetings(self, calendar_id: int) -> None:
        self.session.execute(
            delete(CalendarMeeting).where(
                CalendarMeeting.workspace_id == self.workspace_id,
                CalendarMeeting.calendar_id == calendar_id,
            )
        )

    def contacts_by_email(self, emails: Iterable[str]) -> dict[str, KnownContact]:
        """Live contacts of this workspace by exact email (compared as contacts store
        it, case-folded), keyed by the email as given."""
        by_key: dict[str, list[str]] = {}
        for email in emails:
            by_key.setdefault(name_key(email), []).append(email)
        keys = sorted(by_key)
        found: dict[str, KnownContact] = {}
        for start in range(0, len(keys), EMAIL_CHUNK):
            rows = self.session.execute(
                select(Contact.email_key, Contact.id, Contact.name, Contact.company)
                .where(
                    Contact.workspace_id == self.workspace_id,
                    Contact.email_key.in_(keys[start : start + EMAIL_CHUNK]),
                    Contact.archived_at.is_(None),
                    Contact.merged_into_id.is_(None),
                )
                .order_by(Contact.id)
            )
            for key, ident, name, company in rows:
                for email in by_key[key]:
                    found.setdefault(email, KnownContact(ident, name, company))
        return found

    def companies_by_domain(self, domains: Iterable[str]) -> dict[str, tuple[int, str]]:
        """(company id, name) of the active companies owning these email domains, keyed by
        the domain as given: one statement per chunk, whatever the attendee count."""
        by_key: dict[str, list[str]] = {}
        for domain in domains:
            by_key.setdefault(domain_key(domain), []).append(domain)
        keys = sorted(by_key)
        found: dict[str, tuple[int, str]] = {}
        for start in range(0, len(keys), EMAIL_CHUNK):
            rows = self.session.execute(
                select(CompanyDomain.domain, Company.id, Company.name)
                .join(Company, Company.id == CompanyDomain.company_id)
                .where(
                    CompanyDomain.workspace_id == self.workspace_id,
                    CompanyDomain.domain.in_(keys[start : start + EMAIL_CHUNK]),
                    Company.merged_into_id.is_(None),
                )
                .order_by(Company.id)
            )
            for key, ident, name in rows:
                for domain in by_key[key]:
                    found.setdefault(domain, (ident, name))
        return found

    def prompts_between(self, user_id: int, kind: str, start: datetime, end: datetime) -> int:
        """Meeting prompts of this kind claimed for the rep with a due time in [start, end)."""
        return self.session.scalar(
            select(func.count())
            .select_from(Nudge)
            .where(
                Nudge.workspace_id == self.workspace_id,
                Nudge.user_id == user_id,
                Nudge.kind == kind,
                Nudge.due_at >= start,
                Nudge.due_at < end,
            )
        )
