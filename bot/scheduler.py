"""The nudge scheduler of `relcap serve`: one APScheduler job that runs a pass every tick.

Per-rep jobs are deliberately not kept in an APScheduler job store: job stores must
never be shared between schedulers, and two `relcap serve` processes must be safe. The
database decides what is due (see handlers.nudges.morning_pass); this job only keeps time.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from handlers.calendar.calendar_pass import CalendarPass
from handlers.nudges.morning_pass import NudgePass
from handlers.ports import Sender

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)


class NudgeScheduler:
    """Starts with the event loop of the web server and stops with it."""

    def __init__(
        self, nudge_pass: NudgePass, tick_seconds: int, calendar_pass: CalendarPass | None = None
    ) -> None:
        self.nudge_pass = nudge_pass
        self.tick_seconds = tick_seconds
        self.calendar_pass = calendar_pass
        self.scheduler: AsyncIOScheduler | None = None

    async def tick(self) -> None:
        try:
            report = await self.nudge_pass.run()
        except Exception:  # one bad pass must not stop the next one
            log.exception("nudge pass failed")
            return
        if report.claimed or report.delivery.sent or report.delivery.failed:
            log.info("nudge pass %s", report.summary())

    async def calendar_tick(self) -> None:
        """Calendars polled, meeting prompts claimed and sent; the database decides
        what is due, as for nudges."""
        if self.calendar_pass is None:
            return
        try:
            report = await self.calendar_pass.run()
        except Exception:  # one bad pass must not stop the next one
            log.exception("calendar pass failed")
            return
        if report.claimed or report.poll.failed:
            log.info("calendar pass %s", report.summary())

    def start(self) -> None:
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.scheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=self.tick_seconds),
            id="nudge-pass",
            # A late tick (busy loop) still runs once; several late ticks run once.
            misfire_grace_time=self.tick_seconds,
            coalesce=True,
            max_instances=1,
        )
        if self.calendar_pass is not None:
            self.scheduler.add_job(
                self.calendar_tick,
                IntervalTrigger(seconds=self.tick_seconds),
                id="calendar-pass",
                misfire_grace_time=self.tick_seconds,
                coalesce=True,
                max_instances=1,
            )
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None


def attach_scheduler(
    web_app, app: App, senders: Mapping[str, Sender] | None = None
) -> NudgeScheduler:
    """Run the app's scheduler (over every configured platform's sender, or `senders`)
    for the lifetime of an aiohttp application."""
    scheduler = app.scheduler(senders)

    async def on_startup(_web_app) -> None:
        scheduler.start()

    async def on_cleanup(_web_app) -> None:
        scheduler.stop()

    web_app.on_startup.append(on_startup)
    web_app.on_cleanup.append(on_cleanup)
    return scheduler
