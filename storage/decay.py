"""Time decay of a balance, in a form a running aggregate can keep.

Each entry adds amount · 2^((t − EPOCH)/half-life) to the contact's `decay_sum`; the
decayed balance at any moment is that sum divided by the same weight of "now". One
stored float per contact answers for every moment, with no pass over the ledger.
"""

from __future__ import annotations

from datetime import UTC, datetime

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
SECONDS_PER_DAY = 86400.0


def decay_weight(at: datetime, half_life_days: float) -> float:
    days = (at - EPOCH).total_seconds() / SECONDS_PER_DAY
    return 2.0 ** (days / half_life_days)


def decayed_balance(decay_sum: float, now: datetime, half_life_days: float) -> float:
    return decay_sum / decay_weight(now, half_life_days)
