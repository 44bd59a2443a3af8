"""Meetings read from a loopback calendar host, and the prompts around them: across a
daylight-saving change, a moved recurring meeting, quiet hours, pause and the day's cap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from handlers.calendar.config import CalendarConfig
from handlers.messages import ActionEvent
from storage.calendars.models import CalendarMeeting
from storage.models import Contact, LedgerEntry
from tests.conftest import Rep
from tests.unit.calendaring import OWNER, LoopbackHost, ics, make_calendar_pass, run, vevent
from tests.unit.nudging import Inbox, nudges, reachable

CONFIG = CalendarConfig(timeout_seconds=2.0)
# Weekly on Tuesdays 10:00–10:30 in Berlin, across the change of 25 October 2026; the
# instance of 3 November is moved to 14:00.
WEEKLY = vevent("weekly-1", "20261013T100000", "20261013T103000", extra="RRULE:FREQ=WEEKLY")
MOVED = vevent(
    "weekly-1",
    "20261103T140000",
    "20261103T143000",
    extra="RECURRENCE-ID;TZID=Europe/Berlin:20261103T100000",
    summary="Review (moved)",
)


@pytest.fixture
def host():
    host = LoopbackHost()
    yield host
    host.close()


@pytest.fixture
def rep(core):
    rep = Rep(core, "ana", timezone="Europe/Berlin")
    rep.say("contact add Jane Doe (Acme) jane@acme.example")
    reachable(rep)
    return rep


def added(rep: Rep, host: LoopbackHost) -> None:
    reply = rep.say(f"calendar add {host.url} {OWNER}")
    assert reply.kind == "recorded", reply.text


def meeting_prompts(inbox: Inbox) -> list:
    return inbox.of("ana", "meeting")


def test_after_a_meeting_one_question_across_dst_and_a_moved_instance(rep, core, clock, host):
    host.state.body = ics(WEEKLY, MOVED)
    clock.now = datetime(2026, 10, 20, 8, 29, tzinfo=UTC)
    added(rep, host)
    inbox = Inbox()
    calendar_pass = make_calendar_pass(core, inbox, CONFIG)
    # Before the change (UTC+2) the meeting ends at 08:30 UTC; after it (UTC+1), at 09:30.
    assert run(calendar_pass).poll.read == 1 and meeting_prompts(inbox) == []
    clock.now = datetime(2026, 10, 20, 8, 30, tzinfo=UTC)
    run(calendar_pass)
    [first] = meeting_prompts(inbox)
    assert first.text == "How did the meeting with Jane Doe (Acme) go?"
    assert [b.label for b in first.buttons] == [
        "Credit",
        "Debit",
        "Attempt — they didn't show",
        "Log a note",
        "Skip",
    ]
    assert "Tue 20 Oct 10:00–10:30" in first.fields[0].value
    clock.now = datetime(2026, 10, 27, 9, 29, tzinfo=UTC)
    run(calendar_pass)
    assert len(meeting_prompts(inbox)) == 1
    clock.now = datetime(2026, 10, 27, 9, 30, tzinfo=UTC)
    run(calendar_pass)
    assert len(meeting_prompts(inbox)) == 2
    # Re-polls and more passes send nothing again.
    for minutes in (15, 30, 45):
        run(calendar_pass, clock.now + timedelta(minutes=minutes))
    assert len(meeting_prompts(inbox)) == 2
    # 3 November: not at the old time (10:30 Berlin), once at the new one (14:30).
    clock.now = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
    run(calendar_pass)
    assert len(meeting_prompts(inbox)) == 2
    clock.now = datetime(2026, 11, 3, 13, 30, tzinfo=UTC)
    run(calendar_pass)
    moved = meeting_prompts(inbox)[2]
    assert "Review (moved)" in moved.fields[0].value and "14:00–14:30" in moved.fields[0].value
    # Moved again after it was asked about (same UID and original start): never again.
    host.state.body = ics(WEEKLY, MOVED.replace("T140000", "T160000").replace("T143000", "T163000"))
    host.state.etag = '"v2"'
    clock.now = datetime(2026, 11, 3, 15, 45, tzinfo=UTC)
    assert run(calendar_pass).poll.read == 1
    run(calendar_pass, datetime(2026, 11, 3, 16, 0, tzinfo=UTC))
    assert len(meeting_prompts(inbox)) == 3
    assert [n.kind for n in nudges(core.session_factory)] == ["meeting"] * 3


def test_brief_before_and_buttons_take_one_answer(rep, core, clock, host):
    rep.say("+2 Jane Doe: delivered the migration early")
    host.state.body = ics(vevent("one", "20261124T150000", "20261124T160000"))
    added(rep, host)
    inbox = Inbox()
    calendar_pass = make_calendar_pass(core, inbox, CONFIG)
    start = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # 15:00 in Berlin
    run(calendar_pass, start - timedelta(minutes=16))
    assert inbox.of("ana", "brief") == []
    run(calendar_pass, start - timedelta(minutes=15))
    run(calendar_pass, start - timedelta(minutes=5))
    [brief] = inbox.of("ana", "brief")
    # The call brief, not the balance view: what it can absorb and the talking points.
    assert brief.text.startswith("Coming up at 15:00: Review. Call brief: Jane Doe (Acme)")
    fields = {f.label: f.value for f in brief.fields}
    assert fields["Balance"].startswith("2: it can absorb a debit of up to 2")
    assert "Talking points" in fields
    assert [b.label for b in brief.buttons] == ["Send me as text"]
    as_text = rep.press("Send me as text", brief)
    assert as_text.kind == "brief_text" and as_text.text.startswith("Call brief: Jane Doe")
    run(calendar_pass, start + timedelta(hours=1))
    [question] = meeting_prompts(inbox)
    clock.now = start + timedelta(hours=1, minutes=5)
    form = rep.press("Credit", question)
    assert form.input_request is not None
    fields = {f.name: f for f in form.input_request.fields}
    assert fields["contact"].initial == "Jane Doe" and fields["sign"].initial == "credit"
    assert fields["note"].initial == "Meeting “Review”: "
    request = form.input_request
    values = {"contact": "Jane Doe", "sign": "credit", "points": "2", "note": "good review"}
    refused = rep.core.handle_action(
        ActionEvent(
            rep.workspace, rep.ref, request.action_id, request.value, {**values, "points": "99"}
        )
    )
    assert refused.is_error and "balance 2 ·" in rep.say("balance Jane Doe").text
    saved = rep.core.handle_action(
        ActionEvent(rep.workspace, rep.ref, request.action_id, request.value, values)
    )
    assert saved.kind == "recorded" and "balance 4" in rep.say("balance Jane Doe").text
    assert rep.press("Skip", question).text == "That meeting is already answered."


def test_attempt_leaves_the_balance_and_last_touch(rep, core, clock, host, session_factory):
    host.state.body = ics(vevent("one", "20261124T150000", "20261124T160000"))
    added(rep, host)
    inbox = Inbox()
    calendar_pass = make_calendar_pass(core, inbox, CONFIG)
    run(calendar_pass, datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    [question] = meeting_prompts(inbox)
    before = rep.say("balance Jane Doe").fields
    reply = rep.press("Attempt", question)
    assert reply.text.startswith("Logged an attempt (no points).")
    assert reply.replaces_original
    moved = ("Balance", "Last reached out")  # the entry count, and the attempt itself
    after = {f.label: f.value for f in rep.say("balance Jane Doe").fields}
    assert after["Balance"].startswith("0 (")
    assert {k: v for k, v in after.items() if k not in moved} == {
        f.label: f.value for f in before if f.label not in moved
    }
    assert [n.status for n in nudges(session_factory) if n.kind == "meeting"] == ["no_show"]
    with session_factory() as session:
        [entry] = session.scalars(select(LedgerEntry)).all()
    assert (entry.kind, entry.amount) == ("attempt", 0)
    assert entry.note == "didn't show for “Review”"
    # The same meeting's button again (or redelivered) books nothing more.
    again = rep.press("Attempt", question)
    assert again.text.startswith("Already recorded:")
    assert rep.press("Skip", question).text == "That meeting is already marked as a no-show."
    with session_factory() as session:
        assert len(session.scalars(select(LedgerEntry)).all()) == 1


def test_quiet_hours_pause_and_the_days_cap(rep, core, clock, host):
    evening = vevent("late", "20261124T200000", "20261124T210000", summary="Dinner")
    two = [vevent(f"m{n}", f"20261125T1{n}0000", f"20261125T1{n}3000") for n in (1, 2)]
    host.state.body = ics(evening, *two)
    added(rep, host)
    inbox = Inbox()
    calendar_pass = make_calendar_pass(core, inbox, CalendarConfig(prompts_per_day=1))
    # Ends at 21:00 in Berlin: quiet until 08:00, then asked.
    run(calendar_pass, datetime(2026, 11, 24, 20, 0, tzinfo=UTC))
    assert meeting_prompts(inbox) == []
    run(calendar_pass, datetime(2026, 11, 25, 7, 0, tzinfo=UTC))
    assert [p.fields[0].value.split(",")[0] for p in meeting_prompts(inbox)] == ["Dinner"]
    # That was the day's one meeting prompt: the two that follow are not asked.
    run(calendar_pass, datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    assert len(meeting_prompts(inbox)) == 1


def test_paused_nudges_pause_meeting_prompts(rep, core, clock, host):
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert rep.say("nudges pause 1w").kind != "error"
    host.state.body = ics(vevent("one", "20261124T150000", "20261124T160000"))
    added(rep, host)
    inbox = Inbox()
    run(make_calendar_pass(core, inbox, CONFIG), datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    assert inbox.messages == []


def test_colleagues_and_strangers_make_no_meeting(rep, core, host, session_factory):
    host.state.body = ics(
        vevent("internal", "20261124T150000", "20261124T160000", attendees=("bo@ourco.example",)),
        vevent("stranger", "20261124T170000", "20261124T180000", attendees=("x@other.example",)),
        vevent("jane", "20261124T190000", "20261124T193000", attendees=("JANE@ACME.EXAMPLE",)),
    )
    added(rep, host)
    run(make_calendar_pass(core, Inbox(), CONFIG), datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    with session_factory() as session:
        keys = [m.summary for m in session.scalars(select(CalendarMeeting))]
    assert len(keys) == 1


def test_an_attendee_at_a_known_companys_domain_is_offered_never_added_silently(
    rep, core, host, session_factory
):
    rep.say("company domain Acme: acme.example")
    host.state.body = ics(
        vevent(
            "acme",
            "20261124T150000",
            "20261124T160000",
            attendees=("jane@acme.example", "Li.Wei@acme.example", "x@other.example"),
        ),
        vevent("li", "20261125T150000", "20261125T160000", attendees=("li.wei@acme.example",)),
    )
    added(rep, host)
    inbox = Inbox()
    calendar_pass = make_calendar_pass(core, inbox, CONFIG)
    run(calendar_pass, datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    with session_factory() as session:
        assert session.scalars(select(Contact.name)).all() == ["Jane Doe"]
    [question] = meeting_prompts(inbox)
    assert {f.label: f.value for f in question.fields}["Not yet contacts"] == (
        "li.wei@acme.example (Acme)"
    )
    labels = [b.label for b in question.buttons]
    assert labels[-2:] == ["Add li.wei@acme.example (Acme)", "Skip"]
    made = rep.press("Add li.wei@acme.example", question)
    assert made.kind == "recorded" and made.text.startswith(
        "New contact Li Wei (Acme) (li.wei@acme.example), from the meeting “Review”."
    )
    assert rep.press("Add li.wei@acme.example", question).text == (
        "li.wei@acme.example is already a contact: Li Wei (Acme)."
    )
    with session_factory() as session:
        rows = session.execute(select(Contact.name, Contact.email, Contact.company_id)).all()
    assert [(n, e) for n, e, _ in rows] == [
        ("Jane Doe", "jane@acme.example"),
        ("Li Wei", "li.wei@acme.example"),
    ]
    assert rows[0][2] == rows[1][2] is not None
    # The question itself is still open: the newcomer's button answers nothing.
    assert rep.press("Skip", question).text == "Skipped."


def test_a_meeting_with_only_a_newcomer_asks_whom_to_add(rep, core, host):
    rep.say("company add Globex globex.example")
    host.state.body = ics(
        vevent("g", "20261124T150000", "20261124T160000", attendees=("ops@globex.example",))
    )
    added(rep, host)
    inbox = Inbox()
    calendar_pass = make_calendar_pass(core, inbox, CONFIG)
    run(calendar_pass, datetime(2026, 11, 24, 13, 50, tzinfo=UTC))
    assert inbox.of("ana", "brief") == []  # nobody to brief on yet
    run(calendar_pass, datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    [question] = meeting_prompts(inbox)
    assert question.text == "How did the meeting “Review” go?"
    assert [b.label for b in question.buttons] == ["Add ops@globex.example (Globex)", "Skip"]
    assert rep.press("Add ops", question).text.startswith("New contact Ops (Globex)")
    assert "Ops (Globex)" in rep.say("balance Ops").text


def test_a_tampered_newcomer_value_is_refused(rep, core, host, session_factory):
    rep.say("company domain Acme: acme.example")
    host.state.body = ics(
        vevent("a", "20261124T150000", "20261124T160000", attendees=("jane@acme.example",))
    )
    added(rep, host)
    inbox = Inbox()
    run(make_calendar_pass(core, inbox, CONFIG), datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    [question] = meeting_prompts(inbox)
    for value in (f"{question.buttons[0].value}:1", f"{question.buttons[0].value}:x", "9999:1"):
        assert rep.act("meeting.newcomer", value).is_error
    with session_factory() as session:
        assert session.scalars(select(Contact.name)).all() == ["Jane Doe"]
