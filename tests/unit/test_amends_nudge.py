"""The chooser asks about an open debit with no fix planned, two working days after it
was logged: on plain data, then through a real nudge pass with an injected clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.console.sender import ConsoleSender
from handlers.messages import ActionEvent
from handlers.nudges.choice import (
    Chooser,
    ContactView,
    DebitView,
    RepView,
    working_days_between,
)
from handlers.nudges.questions import build_catalog
from tests.unit.nudging import Inbox, make_pass, reachable, tick

FRIDAY = date(2026, 11, 20)
ALL_PRO = ("career", "career-path", "measured", "goals", "worries", "help")


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (FRIDAY, FRIDAY, 0),
        (FRIDAY, date(2026, 11, 22), 0),  # the weekend does not count
        (FRIDAY, date(2026, 11, 23), 1),
        (FRIDAY, date(2026, 11, 24), 2),
        (date(2026, 11, 23), date(2026, 11, 25), 2),
        (FRIDAY, date(2026, 12, 4), 10),
    ],
)
def test_working_days_between(start, end, days):
    assert working_days_between(start, end) == days


def view(today: date, debits: list[DebitView], balance: int = 4) -> RepView:
    now = datetime.combine(today, datetime.min.time(), UTC).replace(hour=9)
    known = {k: now - timedelta(days=1) for k in ALL_PRO}
    return RepView(
        user_id=1,
        today=today,
        now=now,
        contacts=[
            ContactView(1, "Eli Stone", balance, now - timedelta(days=3), 30),
            ContactView(2, "Quiet Quinn", 2, now - timedelta(days=45), 30),
        ],
        facts={1: known, 2: known},
        debits=debits,
    )


def choose(rep: RepView):
    return Chooser(build_catalog()).choose(rep, 2)


OUTAGE = DebitView(1, 11, "−3 outage, 20 Nov", FRIDAY)


def test_an_unplanned_debit_comes_after_two_working_days_before_a_quiet_contact():
    monday = choose(view(date(2026, 11, 23), [OUTAGE]))
    # Eli's 4 is the top of this small book: worth re-investing.
    assert [c.reason for c in monday] == ["gone_quiet", "reinvest"]
    tuesday = choose(view(date(2026, 11, 24), [OUTAGE]))
    assert [c.reason for c in tuesday] == ["unplanned_debit", "gone_quiet"]
    assert tuesday[0].contact_id == 1 and tuesday[0].values["debit"] == "−3 outage, 20 Nov"
    assert "−3 outage, 20 Nov" in tuesday[0].question.text.format(**tuesday[0].values)


def test_a_balance_below_zero_still_comes_first():
    [first, _] = choose(view(date(2026, 11, 24), [OUTAGE], balance=-3))
    assert first.reason == "in_red"  # one question per contact: the deeper need wins


def test_no_debit_no_question():
    reasons = [c.reason for c in choose(view(date(2026, 11, 30), []))]
    assert reasons == ["gone_quiet", "reinvest"]


TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
WEDNESDAY_9 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def seeded(ana):
    ana.say("+6 Eli Stone (Acme): great quarterly review")
    for key in ALL_PRO:
        ana.say(f"fact Eli Stone {key}: known")
    ana.say("-3 Eli Stone: outage on the reporting service")  # Friday 20 Nov
    reachable(ana)
    return ana.last


def test_the_pass_waits_while_one_working_day_has_passed(ana, core, clock):
    seeded(ana)
    inbox = Inbox()
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday: one working day
    tick(make_pass(core, ConsoleSender(inbox)))
    assert inbox.of("ana", "nudge")
    assert not any("no fix planned" in r.text for r in inbox.of("ana", "nudge"))


def test_the_pass_asks_about_the_unplanned_debit_on_the_second_working_day(ana, core, clock):
    seeded(ana)
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    [question] = inbox.of("ana", "nudge")
    assert "Two working days since −3 outage on the reporting service, 20 Nov" in question.text
    why = {f.label: f.value for f in question.fields}["Why today"]
    assert "an open debit with no fix planned" in why


def test_a_planned_fix_means_no_question(ana, core, clock):
    debit = seeded(ana)
    form = ana.press("Plan the fix", debit)
    request = form.input_request
    core.handle_action(
        ActionEvent(ana.workspace, ana.ref, request.action_id, request.value, {"due": "2026-12-04"})
    )
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    assert inbox.messages  # the pass ran and asked something else
    assert not any("no fix planned" in reply.text for _, reply in inbox.messages)


def test_a_debit_made_right_means_no_question(ana, core, clock):
    seeded(ana)
    ana.say("+2 Eli Stone: credited the month #made-it-right")
    inbox = Inbox()
    clock.now = WEDNESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    assert not any("no fix planned" in reply.text for _, reply in inbox.messages)
