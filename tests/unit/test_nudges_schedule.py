"""The schedule's date arithmetic, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.nudges.schedule import Schedule

GRACE = timedelta(hours=3)


def sends_in(schedule: Schedule, start: datetime, days: int) -> list[date]:
    """Local dates due when a pass runs every 15 minutes for `days` days (each date once)."""
    seen: list[date] = []
    moment = start
    while moment < start + timedelta(days=days):
        for day in schedule.due_days(moment, GRACE):
            if day not in seen:
                seen.append(day)
        moment += timedelta(minutes=15)
    return seen


def test_dst_neither_skips_nor_doubles_a_day():
    for zone, spring, autumn in [
        ("America/New_York", date(2026, 3, 8), date(2026, 11, 1)),
        ("Europe/Berlin", date(2026, 3, 29), date(2026, 10, 25)),
    ]:
        for send_time in (time(9, 0), time(2, 30), time(1, 30)):
            schedule = Schedule(tz=ZoneInfo(zone), send_time=send_time, days=frozenset(range(7)))
            for change in (spring, autumn):
                start = datetime.combine(change - timedelta(days=3), time(0), tzinfo=UTC)
                got = sends_in(schedule, start, 6)
                expected = [change - timedelta(days=n) for n in range(2, -3, -1)]
                assert [d for d in got if d in expected] == expected, (zone, send_time, change)


def test_local_nine_oclock_moves_in_utc_with_dst():
    berlin = Schedule(tz=ZoneInfo("Europe/Berlin"))
    assert berlin.send_at(date(2026, 10, 23)) == datetime(2026, 10, 23, 7, tzinfo=UTC)
    assert berlin.send_at(date(2026, 10, 26)) == datetime(2026, 10, 26, 8, tzinfo=UTC)


def test_grace_window_then_skipped():
    schedule = Schedule(tz=ZoneInfo("UTC"))
    monday = date(2026, 11, 23)
    assert schedule.due_days(datetime(2026, 11, 23, 8, 59, tzinfo=UTC), GRACE) == []
    assert schedule.due_days(datetime(2026, 11, 23, 11, 59, tzinfo=UTC), GRACE) == [monday]
    assert schedule.due_days(datetime(2026, 11, 23, 12, 0, tzinfo=UTC), GRACE) == []
    assert schedule.due_days(datetime(2026, 11, 22, 10, 0, tzinfo=UTC), GRACE) == []  # Sunday


def test_pause_and_days():
    schedule = Schedule(
        tz=ZoneInfo("UTC"),
        days=frozenset({0, 2}),
        paused_from=date(2026, 11, 23),
        paused_until=date(2026, 11, 23),
    )
    assert not schedule.sends_on(date(2026, 11, 23))
    assert not schedule.sends_on(date(2026, 11, 24))
    assert schedule.sends_on(date(2026, 11, 25))
    assert schedule.next_send(datetime(2026, 11, 22, tzinfo=UTC)) == datetime(
        2026, 11, 25, 9, tzinfo=UTC
    )
