"""Polling the calendars due a read, through a fetcher port (the bot's HTTP client):
a conditional GET, the result recorded, and a host that fails asked again later and
later. A failed read leaves the meetings read before as they were."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from handlers.calendar.config import CalendarConfig
from handlers.calendar.meetings import CalendarError, refresh
from storage.unit_of_work import SessionFactory, UnitOfWork

CONCURRENT_FETCHES = 8


@dataclass(frozen=True)
class Fetched:
    """What the host answered: a body (200), `not_modified` (304), or an error message."""

    body: bytes | None = None
    not_modified: bool = False
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None


# (address, etag, last-modified) → what the host answered. It never raises and never
# logs the address.
Fetcher = Callable[[str, str | None, str | None], Awaitable[Fetched]]


@dataclass
class PollReport:
    read: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class CalendarPoller:
    def __init__(
        self, session_factory: SessionFactory, fetch: Fetcher, config: CalendarConfig
    ) -> None:
        self.session_factory = session_factory
        self.fetch = fetch
        self.config = config

    async def poll(self, now: datetime) -> PollReport:
        report = PollReport()
        with UnitOfWork(self.session_factory) as uow:
            due = uow.calendar_feeds.due(now)
        # Hosts are asked a few at a time (a slow one holds up only its own read); the
        # answers are recorded one by one.
        for start in range(0, len(due), CONCURRENT_FETCHES):
            chunk = due[start : start + CONCURRENT_FETCHES]
            answers = await asyncio.gather(*(self._fetch(feed, now) for feed in chunk))
            for feed, fetched in zip(chunk, answers, strict=True):
                await asyncio.to_thread(self._record, feed, fetched, now, report)
        return report

    async def _fetch(self, feed, now: datetime) -> Fetched:
        # A conditional GET while the last full read is fresh; then a full one, so the
        # window of meetings read moves on even when the calendar does not change.
        fresh = feed.read_at is not None and now - feed.read_at < self.config.reread_every
        etag, modified = (feed.etag, feed.last_modified) if fresh else (None, None)
        return await self.fetch(feed.url, etag, modified)

    def _record(self, feed, fetched: Fetched, now: datetime, report: PollReport) -> None:
        with UnitOfWork(self.session_factory) as uow:
            uow.bind(feed.workspace_id)
            calendar = uow.calendars.get(feed.calendar_id)
            if calendar is None:  # removed meanwhile
                return
            error = fetched.error
            result = None
            if error is None and fetched.not_modified:
                result = "not changed"
                report.unchanged += 1
            elif error is None:
                try:
                    read = refresh(uow, calendar, fetched.body or b"", now, self.config)
                except CalendarError as exc:
                    uow.rollback()  # nothing of a half-read calendar is kept
                    calendar = uow.calendars.get(feed.calendar_id)
                    error = str(exc)
                else:
                    result = read.text()
                    calendar.etag, calendar.last_modified = fetched.etag, fetched.last_modified
                    calendar.read_at = now
                    report.read += 1
            calendar.last_polled_at = now
            if error is None:
                calendar.failures = 0
                calendar.last_result = result
                calendar.next_poll_at = now + self.config.poll_every
            else:
                calendar.failures += 1
                calendar.last_result = f"failed: {error}"[:300]
                calendar.next_poll_at = now + self.config.backoff(calendar.failures)
                report.failed += 1
                report.errors.append(error)
            uow.commit()
