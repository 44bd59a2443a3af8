"""The tunable numbers of calendars and meeting prompts (built from settings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta


@dataclass(frozen=True)
class CalendarConfig:
    poll_every: timedelta = timedelta(minutes=15)
    # A failing host is asked again after poll_every · 2^failures, at most this long.
    max_backoff: timedelta = timedelta(hours=6)
    timeout_seconds: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    # The meetings read: from `look_back` ago to `look_ahead` from now.
    look_back: timedelta = timedelta(hours=18)
    look_ahead: timedelta = timedelta(days=14)
    # Conditional GETs (ETag, Last-Modified) for this long after a full read, then a full one.
    reread_every: timedelta = timedelta(hours=12)
    # The balance view goes out this long before a meeting.
    brief_lead: timedelta = timedelta(minutes=15)
    # A meeting's "how did it go" may still go out this long after it ended (after quiet
    # hours, on the next sending day's morning), then it is let go.
    ask_within: timedelta = timedelta(hours=18)
    prompts_per_day: int = 5
    # Attendees at these domains are colleagues, never contacts (the owner's own is added).
    internal_domains: frozenset[str] = frozenset()
    # In the rep's timezone; prompts wait for the end of quiet hours.
    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)

    def is_quiet(self, local: time) -> bool:
        if self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= local < self.quiet_end
        return local >= self.quiet_start or local < self.quiet_end

    def backoff(self, failures: int) -> timedelta:
        return min(self.poll_every * (2 ** max(failures - 1, 0)), self.max_backoff)
