"""When a rep's nudges are due: their local send time, working days, pause and timezone.

Pure date arithmetic on local dates. A day is identified by its local date, so a
daylight-saving change can neither skip nor double it: the slot row is keyed by that date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_TIME = time(9, 0)
DEFAULT_DAYS = frozenset(range(5))


@dataclass(frozen=True)
class Schedule:
    tz: ZoneInfo
    send_time: time = DEFAULT_TIME
    days: frozenset[int] = DEFAULT_DAYS
    per_day: int = 1
    enabled: bool = True
    paused_from: date | None = None
    paused_until: date | None = None

    def local_today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()

    def paused_on(self, day: date) -> bool:
        if self.paused_until is None:
            return False
        return (self.paused_from or date.min) <= day <= self.paused_until

    def sends_on(self, day: date) -> bool:
        return self.enabled and day.weekday() in self.days and not self.paused_on(day)

    def send_at(self, day: date) -> datetime:
        """The UTC moment of `day`'s send time; a time inside a spring-forward gap
        resolves to the first valid moment after it (zoneinfo's fold=0 rule)."""
        local = datetime.combine(day, self.send_time, tzinfo=self.tz)
        # Round-trip through UTC normalises a non-existent wall time.
        return local.astimezone(UTC)

    def due_days(self, now: datetime, grace: timedelta) -> list[date]:
        """Local dates whose send time has come and is still within the grace window."""
        today = self.local_today(now)
        due = []
        for day in (today - timedelta(days=1), today):
            if not self.sends_on(day):
                continue
            at = self.send_at(day)
            if at <= now < at + grace:
                due.append(day)
        return due

    def next_send(
        self, now: datetime, grace: timedelta = timedelta(0), done: frozenset[date] = frozenset()
    ) -> datetime | None:
        """The send moment the scheduler acts on next, or None when nudges are off: a day
        still due (within `grace`, not in `done`, the days already claimed) comes first,
        exactly as the morning pass would pick it up; else the next send time after `now`."""
        for day in self.due_days(now, grace):
            if day not in done:
                return self.send_at(day)
        if not self.enabled or not self.days:
            return None
        day = self.local_today(now)
        for offset in range(0, 800):
            candidate = day + timedelta(days=offset)
            if self.sends_on(candidate) and self.send_at(candidate) > now:
                return self.send_at(candidate)
        return None

    def sending_day_from(self, day: date) -> date | None:
        """The first day on or after `day` that nudges go out (None when they never do)."""
        for offset in range(0, 800):
            candidate = day + timedelta(days=offset)
            if self.sends_on(candidate):
                return candidate
        return None

    def checks_promise_on(self, due: date, day: date) -> bool:
        """A promise is checked the morning it is due and the next sending day after; a
        promise due on a day off is checked on the next sending day and the one after."""
        first = self.sending_day_from(due)
        if first is None:
            return False
        return day in (first, self.sending_day_from(first + timedelta(days=1)))

    def is_first_day_of_week(self, day: date) -> bool:
        """The digest goes out on the rep's first working day of the week (Monday by default)."""
        return bool(self.days) and day.weekday() == min(self.days)


def days_text(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if not ordered:
        return "no days"
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{DAY_NAMES[ordered[0]].title()}–{DAY_NAMES[ordered[-1]].title()}"
    return ", ".join(DAY_NAMES[d].title() for d in ordered)


def schedule_from(prefs, platform_tz: str | None, default_tz: str) -> Schedule:
    """The schedule of a rep from their stored preferences (None: the defaults)."""
    from handlers.ledger.when import zone

    if prefs is None:
        return Schedule(tz=zone(platform_tz, default_tz))
    hour, minute = (int(part) for part in prefs.send_time.split(":"))
    return Schedule(
        tz=zone(prefs.timezone or platform_tz, default_tz),
        send_time=time(hour, minute),
        days=frozenset(int(d) for d in prefs.days.split(",") if d != ""),
        per_day=prefs.per_day,
        enabled=prefs.enabled,
        paused_from=prefs.paused_from,
        paused_until=prefs.paused_until,
    )
