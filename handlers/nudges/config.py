"""The tunable numbers of the nudge scheduler (built from settings by the composition root)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class NudgeConfig:
    tick_seconds: int = 60
    # A slot missed while the service was down is still sent this late, then skipped.
    grace: timedelta = timedelta(hours=3)
    # An unanswered question stops accepting answers after this long.
    expiry: timedelta = timedelta(hours=48)
    max_attempts: int = 5
    retry_base: timedelta = timedelta(seconds=30)
    # A claimed send not finished within the lease is taken over by the next pass
    # (the process that claimed it died).
    lease: timedelta = timedelta(minutes=5)
    max_per_day: int = 5
