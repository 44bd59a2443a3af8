"""What batching a pass must not change: each rep's own schedule when many share one
pass, and buttons that name their own row although the row is claimed with its message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.console.sender import ConsoleSender
from handlers.nudges.message import OWN_ID
from tests.conftest import Rep
from tests.unit.nudging import Inbox, make_pass, nudges, reachable, tick

TUESDAY = datetime(2026, 11, 24, tzinfo=UTC)


def test_reps_sharing_a_pass_keep_their_own_times_and_zones(core, clock):
    # Same settings in two zones, and two settings in one zone: each pair must not
    # share a schedule in the pass.
    reps = {
        "ana": (None, "nudges time 09:00", "Jane Doe"),
        "ben": ("Europe/Berlin", "nudges time 09:00", "Bob Stone"),
        "cat": (None, "nudges time 10:30", "Olga Petrova"),
        "dan": ("Europe/Berlin", "nudges time 10:30", "Kenji Mori"),
    }
    for name, (zone, setting, contact) in reps.items():
        rep = Rep(core, name, timezone=zone)
        assert rep.say(f"-1 {contact}: slipped").kind == "recorded", rep.last.text
        assert rep.say(setting).kind == "nudge_prefs", rep.last.text
        reachable(rep)
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    got: dict[str, datetime] = {}
    clock.now = TUESDAY + timedelta(hours=7)
    while clock.now < TUESDAY + timedelta(hours=11):
        tick(nudge_pass)
        for user, reply in inbox.messages:
            if reply.kind == "nudge":
                got.setdefault(user, clock.now)
        clock.advance(minutes=15)
    # Berlin is UTC+1 in November.
    assert got == {
        "ben": TUESDAY + timedelta(hours=8),
        "ana": TUESDAY + timedelta(hours=9),
        "dan": TUESDAY + timedelta(hours=9, minutes=30),
        "cat": TUESDAY + timedelta(hours=10, minutes=30),
    }


def test_buttons_of_a_claimed_question_name_its_row_when_sent(ana, core, clock, session_factory):
    ana.say("-1 Bob Stone (Initech): missed the Q3 report deadline")
    reachable(ana)
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    clock.now = TUESDAY + timedelta(hours=9)
    nudge_pass.plan(clock.now)  # claimed, not yet sent
    [row] = nudges(session_factory)
    assert all(OWN_ID in value for _, _, value, _ in row.payload["buttons"])
    tick(nudge_pass)
    [question] = inbox.of("ana", "nudge")
    values = {b.label: b.value for b in question.buttons}
    assert values["Answer"] == str(row.id) and values["Snooze a day"] == f"{row.id}:day"
    assert "snoozed" in ana.press("Snooze a day", question).text.lower()
