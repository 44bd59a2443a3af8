"""Daylight-saving days, through whole passes: each local day gets its one nudge."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.console.sender import ConsoleSender
from tests.conftest import Rep
from tests.unit.nudging import Inbox, make_pass, nudges, reachable, tick


def run_every(nudge_pass, clock, start: datetime, days: int, minutes: int) -> None:
    clock.now = start
    while clock.now < start + timedelta(days=days):
        tick(nudge_pass)
        clock.advance(minutes=minutes)


def test_new_york_and_berlin_across_both_changes(core, clock, session_factory):
    reps = {}
    for name, zone in (("nyc", "America/New_York"), ("ber", "Europe/Berlin")):
        rep = Rep(core, name, timezone=zone)
        for n in range(4):
            rep.say(f"+1 Contact {n} {name}: sent the case study")
        rep.say("nudges days daily")
        rep.say("nudges time 02:30")  # inside the spring gap, twice in the autumn
        reachable(rep)
        reps[name] = rep
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    for start in (
        datetime(2026, 3, 6, tzinfo=UTC),  # US spring forward on Sunday 8 March
        datetime(2026, 3, 27, tzinfo=UTC),  # EU spring forward on Sunday 29 March
        datetime(2026, 10, 23, tzinfo=UTC),  # EU fall back on Sunday 25 October
        datetime(2026, 10, 30, tzinfo=UTC),  # US fall back on Sunday 1 November
    ):
        run_every(nudge_pass, clock, start, days=4, minutes=20)
    rows = [n for n in nudges(session_factory) if n.kind == "question"]
    per_day = Counter((n.user_id, n.local_date) for n in rows)
    assert set(per_day.values()) == {1}
    for user_id in {n.user_id for n in rows}:
        days = sorted(d for (u, d) in per_day if u == user_id)
        assert len(days) >= 14, days  # every local day of the four windows, none skipped
    assert {n.status for n in rows} <= {"sent", "expired", "empty"}
