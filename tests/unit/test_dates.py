"""Dates that matter: read strictly, shown on the profile, reminded once a set number of
days before, private to their recorder unless shared."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.console.sender import ConsoleSender
from handlers.dates.calendar import DateError, next_occurrence, read_date, resolve
from storage.models import Fact
from tests.adapters.card_schema import assert_valid_card
from tests.unit.nudging import Inbox, make_pass, nudges, reachable, tick

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    "typed, key, stored",
    [
        ("14 March", "birthday", "--03-14"),
        ("March 14th", "birthday", "--03-14"),
        ("29 Feb", "birthday", "--02-29"),
        ("2027-01-31", "renewal", "2027-01-31"),
        ("31 Jan 2027", "go-live", "2027-01-31"),
        ("Jan 31, 2027", "contract-end", "2027-01-31"),
    ],
)
def test_dates_are_read(typed, key, stored):
    assert read_date(typed, resolve(key), TODAY) == stored


@pytest.mark.parametrize(
    "typed, key, says",
    [
        ("31 February", "birthday", "There is no 31 February: February has at most 29 days."),
        ("2027-02-29", "renewal", "There is no 29 February 2027: it has 28 days."),
        ("2027-13-01", "renewal", "There is no month 13"),
        ("14 Smarch", "birthday", "“smarch” is not a month"),
        ("soon", "go-live", "I can't read “soon” as a date"),
        ("14 March", "renewal", "Give the year of the renewal date"),
    ],
)
def test_impossible_or_unreadable_dates_are_refused(typed, key, says):
    with pytest.raises(DateError, match=says.replace("(", r"\(")):
        read_date(typed, resolve(key), TODAY)


def test_next_occurrence():
    birthday, renewal = resolve("birthday"), resolve("renewal")
    assert next_occurrence("--03-14", birthday, TODAY) == date(2027, 3, 14)
    assert next_occurrence("--11-20", birthday, TODAY) == TODAY
    assert next_occurrence("--02-29", birthday, TODAY) == date(2027, 2, 28)
    assert next_occurrence("2027-01-31", renewal, TODAY) == date(2027, 1, 31)
    assert next_occurrence("2026-01-31", renewal, TODAY) is None


def _facts(session_factory):
    with session_factory() as session:
        return [(f.key, f.value, f.side, f.shared) for f in session.scalars(select(Fact))]


def test_fact_records_a_date_and_profile_shows_it_to_who_may_see_it(ana, ben, session_factory):
    ana.say("+1 Jane Doe (Acme): kickoff")
    reply = ana.say("fact Jane Doe birthday: 14 March")
    assert reply.text.startswith("Noted for Jane Doe (Acme) · Birthday: 14 Mar (next in 114 days")
    assert "visible to only you" in reply.text and "remind you 1 day before." in reply.text
    ana.say("fact Jane Doe renewal: 2027-01-15")
    assert _facts(session_factory) == [
        ("birthday", "--03-14", "personal", False),
        ("renewal", "2027-01-15", "professional", False),
    ]
    mine = {f.label: f.value for f in ana.say("profile Jane Doe").fields}
    assert mine["Dates · Birthday"].endswith("· only you see this")
    assert mine["Dates · Renewal date"] == "15 Jan 2027 (in 56 days (Fri 15 Jan))"
    theirs = {f.label: f.value for f in ben.say("profile Jane Doe").fields}
    assert "Dates · Birthday" not in theirs and "Dates · Renewal date" in theirs
    # Health knows nothing more of the professional side for a renewal date.
    assert "knowledge 0" in {f.label: f.value for f in ana.say("balance Jane Doe").fields}["Health"]


@pytest.mark.parametrize(
    "typed", ["fact Jane Doe birthday: 31 February", "fact Jane Doe go-live: next week"]
)
def test_a_bad_date_changes_nothing(ana, session_factory, typed):
    ana.say("+1 Jane Doe: kickoff")
    reply = ana.say(typed)
    assert reply.is_error
    assert _facts(session_factory) == []


FRIDAY_9 = datetime(2026, 11, 27, 9, 5, tzinfo=UTC)


def test_a_reminder_comes_the_set_days_before_once_with_a_log_button(
    ana, ben, core, clock, session_factory
):
    ana.say("+1 Jane Doe (Acme): kickoff")
    ben.say("+1 Jane Doe: met at the fair")
    ana.say("fact Jane Doe birthday: 28 November")  # private to ana
    ana.say("fact Jane Doe go-live: 2026-12-10")  # 13 days after Friday: inside 14
    ana.say("fact Jane Doe renewal: 2027-03-01")  # 94 days: outside 60
    reachable(ana)
    reachable(ben)
    inbox = Inbox()
    clock.now = FRIDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    mine = inbox.of("ana", "reminder")
    assert [r.text for r in mine] == [
        "Birthday of Jane Doe (Acme): tomorrow. A short personal note goes a long way.",
        "Go-live of Jane Doe (Acme): in 13 days (Thu 10 Dec). Worth a call to prepare it "
        "with them.",
    ]
    assert [r.text.split(":")[0] for r in inbox.of("ben", "reminder")] == [
        "Go-live of Jane Doe (Acme)"
    ]
    for reply in mine:
        assert [b.label for b in reply.buttons] == ["Log a note", "Balance"]
    form = ana.press("Log a note", mine[0])
    assert form.kind == "form"
    assert form.input_request.fields[0].initial == "Jane Doe"
    # The next working day: nothing again for the same occurrences.
    clock.now = FRIDAY_9 + timedelta(days=3)
    tick(make_pass(core, ConsoleSender(inbox)))
    assert len(inbox.of("ana", "reminder")) == 2
    rows = [n for n in nudges(session_factory) if n.kind == "reminder"]
    assert sorted((n.fact_key, n.status) for n in rows) == [
        ("birthday", "sent"),
        ("go-live", "sent"),
        ("go-live", "sent"),
    ]


def test_a_reminder_renders_as_a_valid_card_and_blocks(ana, core, clock):
    from bot.slack.blocks import message_blocks
    from bot.teams.cards import reply_card
    from tests.adapters.slack_models import assert_valid_blocks

    ana.say("+1 Jane Doe (Acme): kickoff")
    ana.say("fact Jane Doe work-anniversary: 28 Nov --shared")
    reachable(ana)
    inbox = Inbox()
    clock.now = FRIDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    [reminder] = inbox.of("ana", "reminder")
    assert_valid_card(reply_card(reminder))
    assert_valid_blocks(message_blocks(reminder))
