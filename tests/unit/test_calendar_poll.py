"""Polling a calendar host on loopback: conditional GETs, a slow host, a host that fails,
something that is not a calendar, one that is too large. A failed poll changes no
meeting already read."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from handlers.calendar.config import CalendarConfig
from storage.calendars.models import Calendar, CalendarMeeting
from tests.conftest import Rep
from tests.unit.calendaring import OWNER, LoopbackHost, ics, make_calendar_pass, run, vevent
from tests.unit.nudging import Inbox, reachable

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GOOD = ics(vevent("one", "20261124T150000", "20261124T160000"))


@pytest.fixture
def host():
    host = LoopbackHost()
    yield host
    host.close()


@pytest.fixture
def rep(core, clock, host):
    clock.now = NOW
    rep = Rep(core, "ana", timezone="Europe/Berlin")
    rep.say("contact add Jane Doe (Acme) jane@acme.example")
    reachable(rep)
    host.state.body = GOOD
    assert rep.say(f"calendar add {host.url} {OWNER}").kind == "recorded"
    return rep


def snapshot(session_factory) -> list[tuple]:
    with session_factory() as session:
        return [
            (m.occurrence_key, m.summary, m.start_at, m.end_at, tuple(m.contact_ids))
            for m in session.scalars(select(CalendarMeeting).order_by(CalendarMeeting.id))
        ]


def calendar_row(session_factory) -> Calendar:
    with session_factory() as session:
        row = session.scalars(select(Calendar)).one()
        session.expunge(row)
        return row


def test_conditional_get_answers_304_and_keeps_the_meetings(rep, core, host, session_factory):
    config = CalendarConfig(poll_every=timedelta(minutes=15))
    calendar_pass = make_calendar_pass(core, Inbox(), config)
    assert run(calendar_pass, NOW).poll.read == 1
    read = snapshot(session_factory)
    assert len(read) == 1
    assert run(calendar_pass, NOW + timedelta(minutes=5)).poll.read == 0  # not due yet
    report = run(calendar_pass, NOW + timedelta(minutes=15))
    assert report.poll.unchanged == 1
    assert host.state.requests[-1].get("If-None-Match") == '"v1"'
    assert "If-None-Match" not in host.state.requests[0]
    assert snapshot(session_factory) == read
    assert calendar_row(session_factory).last_result == "not changed"
    # Past the re-read interval, a full GET again (the window of meetings moves on).
    run(calendar_pass, NOW + timedelta(hours=13))
    assert "If-None-Match" not in host.state.requests[-1]


@pytest.mark.parametrize(
    "trouble, message",
    [
        ("slow", "did not answer within 0.2 s"),
        ("500", "answered HTTP 500"),
        ("html", "not an ICS calendar"),
        ("huge", "larger than"),
        ("huge-stream", "larger than"),
        ("broken", "cannot be read"),
    ],
)
def test_a_failed_poll_changes_nothing_saved(
    rep, core, host, session_factory, trouble, message, caplog
):
    caplog.set_level(logging.DEBUG)
    config = CalendarConfig(timeout_seconds=0.2, max_bytes=64 * 1024)
    calendar_pass = make_calendar_pass(core, Inbox(), config)
    run(calendar_pass, NOW)
    before = snapshot(session_factory)
    assert before
    host.state.etag = '"v2"'
    if trouble == "slow":
        host.state.stall = True
    elif trouble == "500":
        host.state.status = 500
    elif trouble == "html":
        host.state.body = b"<html><body>Sign in</body></html>"
    elif trouble.startswith("huge"):  # a 50 MB calendar, read no further than the cap
        host.state.no_length = trouble == "huge-stream"
        host.state.body = ics(
            *[vevent(f"e{n}", "20261124T150000", "20261124T160000") for n in range(400)]
        )
    else:
        host.state.body = b"BEGIN:VCALENDAR\r\nthis is not a line\r\n"
    later = NOW + timedelta(hours=13)
    report = run(calendar_pass, later)
    assert report.poll.failed == 1, report.poll
    assert snapshot(session_factory) == before
    row = calendar_row(session_factory)
    assert row.last_result.startswith("failed: ") and message in row.last_result
    assert row.failures == 1 and row.next_poll_at == later + config.poll_every
    assert host.url not in row.last_result and "secret-token" not in row.last_result
    assert message in rep.say("calendar").fields[0].value
    assert "secret-token" not in caplog.text  # the address is never logged


def test_a_failing_host_is_asked_later_and_later(rep, core, host, session_factory):
    config = CalendarConfig(poll_every=timedelta(minutes=15), max_backoff=timedelta(hours=1))
    calendar_pass = make_calendar_pass(core, Inbox(), config)
    host.state.status = 503
    at = NOW
    waits = []
    for _ in range(4):
        run(calendar_pass, at)
        row = calendar_row(session_factory)
        waits.append(row.next_poll_at - at)
        at = row.next_poll_at
    assert waits == [timedelta(minutes=m) for m in (15, 30, 60, 60)]
    assert len(host.state.requests) == 4
    host.state.status = 200
    run(calendar_pass, at)
    row = calendar_row(session_factory)
    assert row.failures == 0 and row.last_result.startswith("ok: 1 events")
