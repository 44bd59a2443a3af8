"""One calendar pass: read the feeds due a poll, claim the meeting prompts due now, and
deliver them through the nudges' delivery (the same leases, retries and outcomes)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from handlers.calendar.poll import CalendarPoller, PollReport
from handlers.calendar.prompts import MeetingPrompts
from handlers.nudges.delivery import Deliverer, DeliveryReport


@dataclass
class CalendarReport:
    at: datetime
    poll: PollReport = field(default_factory=PollReport)
    claimed: int = 0
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    def summary(self) -> str:
        p, d = self.poll, self.delivery
        return (
            f"{self.at:%Y-%m-%d %H:%M} UTC: calendars {p.read} read, {p.unchanged} unchanged, "
            f"{p.failed} failed; {self.claimed} meeting prompts claimed, {d.sent} sent"
        )


class CalendarPass:
    def __init__(
        self,
        poller: CalendarPoller,
        prompts: MeetingPrompts,
        deliverer: Deliverer,
        clock: Callable[[], datetime],
    ) -> None:
        self.poller = poller
        self.prompts = prompts
        self.deliverer = deliverer
        self.clock = clock

    async def run(self, at: datetime | None = None, poll: bool = True) -> CalendarReport:
        """`poll=False` claims and sends from the meetings already read (the shell's
        start, which must not wait for calendar hosts)."""
        now = at or self.clock()
        report = CalendarReport(at=now)
        if poll:
            report.poll = await self.poller.poll(now)
        platforms = tuple(self.deliverer.senders)
        report.claimed = await asyncio.to_thread(self.prompts.plan, now, platforms)
        report.delivery = await self.deliverer.deliver(now)
        return report
