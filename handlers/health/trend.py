"""The 90-day trend of a balance as a Unicode sparkline."""

from __future__ import annotations

from datetime import datetime, timedelta

from sparklines import sparklines

TREND_DAYS = 90
BUCKET_DAYS = 7


def balance_series(
    current_balance: int,
    recent: list[tuple[datetime, int]],
    now: datetime,
    days: int = TREND_DAYS,
    bucket_days: int = BUCKET_DAYS,
) -> list[int]:
    """The balance at the end of each bucket over the last `days`, oldest first.

    Worked backwards from the current balance, so only the window's own entries are read.
    """
    start = now - timedelta(days=days)
    buckets = -(-days // bucket_days)
    deltas = [0] * buckets
    for occurred, amount in recent:
        if occurred < start or occurred > now:
            continue
        index = min(buckets - 1, int((occurred - start).days // bucket_days))
        deltas[index] += amount
    series = [0] * buckets
    running = current_balance - sum(amount for occurred, amount in recent if occurred > now)
    for index in range(buckets - 1, -1, -1):
        series[index] = running
        running -= deltas[index]
    return series


FLAT = "▁"


def sparkline(series: list[int]) -> str:
    """The shape of the series: lowest value on the bottom bar, highest on the top one.

    A series that never moves is a flat line on the bottom bar; scaling it would draw it
    as full bars, which reads as a high balance."""
    if not series:
        return ""
    low, high = min(series), max(series)
    if low == high:
        return FLAT * len(series)
    return sparklines([value - low for value in series], minimum=0, maximum=high - low)[0]
