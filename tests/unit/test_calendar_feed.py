"""Reading ICS data: events with no end, endless recurrences, cancelled and declined
events, 500 attendees; and what `calendar` commands show of a secret address."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from handlers.calendar.config import CalendarConfig
from handlers.calendar.feed import CalendarError, read_calendar
from handlers.calendar.file_import import import_file
from storage.calendars.models import Calendar, CalendarMeeting
from storage.models import Contact
from storage.unit_of_work import UnitOfWork
from tests.conftest import Rep
from tests.unit.calendaring import OWNER, ics, vevent

START = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
END = START + timedelta(days=14)


def occurrences(*events: str, owner: str | None = OWNER):
    return read_calendar(ics(*events), START, END, owner).occurrences


def test_an_event_with_no_end_ends_when_it_starts():
    [one] = occurrences(vevent("no-end", "20261124T150000"))
    assert one.end == one.start == datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


def test_an_endless_recurrence_is_read_over_the_window_only():
    daily = vevent("daily", "20200101T090000", "20200101T093000", extra="RRULE:FREQ=DAILY")
    found = occurrences(daily)
    assert len(found) == 14 and len({o.key for o in found}) == 14
    assert all(START <= o.start < END for o in found)


def test_cancelled_and_declined_events_are_left_out():
    cancelled = vevent("c", "20261124T150000", "20261124T160000", extra="STATUS:CANCELLED")
    declined = vevent("d", "20261125T150000", "20261125T160000").replace(
        f"PARTSTAT=ACCEPTED:mailto:{OWNER}", f"PARTSTAT=DECLINED:mailto:{OWNER}"
    )
    kept = vevent("k", "20261126T150000", "20261126T160000")
    assert [o.uid for o in occurrences(cancelled, declined, kept)] == ["k"]
    # Someone else declining does not hide the meeting from its owner.
    assert [o.uid for o in occurrences(declined, owner="bo@ourco.example")] == ["d"]


def test_all_day_events_are_no_meetings():
    all_day = "BEGIN:VEVENT\nUID:holiday\nDTSTART;VALUE=DATE:20261124\nSUMMARY:Off\nEND:VEVENT"
    assert occurrences(all_day) == []


@pytest.mark.parametrize(
    "data",
    [b"", b"<html>Sign in</html>", b"BEGIN:VCALENDAR\r\n\x00\x01garbage", b"\xff\xfe\x00B"],
)
def test_what_is_not_a_calendar_says_so(data):
    with pytest.raises(CalendarError):
        read_calendar(data, START, END, None)


def test_500_attendees_match_the_known_contact_quickly(core, session_factory, clock):
    rep = Rep(core, "ana")
    rep.say("contact add Jane Doe (Acme) jane@acme.example")
    crowd = (*(f"guest{n}@acme.example" for n in range(499)), "jane@acme.example")
    data = ics(vevent("big", "20261124T150000", "20261124T160000", attendees=crowd))
    with UnitOfWork(session_factory) as uow:
        _ws, user, _ = uow.resolve(core.identities, "console", "local", "ana", "Ana", None, START)
        began = time.perf_counter()
        result = import_file(uow, user.id, "big.ics", data, START, CalendarConfig())
        took = time.perf_counter() - began
        uow.commit()
    assert (result.events, result.meetings) == (1, 1) and took < 2.0
    with session_factory() as session:
        [meeting] = session.scalars(select(CalendarMeeting))
        jane = session.scalar(select(Contact.id).where(Contact.email_key == "jane@acme.example"))
        assert meeting.contact_ids == [jane]


def test_calendar_add_shows_only_the_host_and_a_masked_tail(core, clock, session_factory):
    rep = Rep(core, "ana")
    url = "https://calendar.example.com/calendar/ical/ana%40ourco/private-0f3c9a77/basic.ics"
    reply = rep.say(f"calendar add <{url}>")
    assert reply.kind == "recorded" and "calendar.example.com" in reply.text
    listing = rep.say("calendar")
    shown = listing.text + " ".join(f.label + f.value for f in listing.fields)
    assert "1. calendar.example.com/….ics" in shown
    for text in (reply.text, shown):
        assert "private-0f3c9a77" not in text and "ana%40ourco" not in text
    assert "already" in rep.say(f"calendar add {url}").text
    assert rep.say("calendar remove 1").text.startswith("Removed the calendar at")
    assert rep.say("calendar").text.startswith("You have no calendars")


@pytest.mark.parametrize(
    "text",
    [
        "calendar add",
        "calendar add ftp://calendar.example.com/x.ics",
        "calendar add not-a-url",
        "calendar add https://calendar.example.com/x.ics not-an-email",
        "calendar remove 1",
        "calendar remove x",
        "calendar frobnicate",
    ],
)
def test_bad_calendar_commands_change_nothing(core, session_factory, text):
    rep = Rep(core, "ana")
    assert rep.say(text).kind == "error"
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Calendar)) == 0


def test_webcal_is_read_over_https_and_remove_takes_a_listed_number(core, session_factory):
    rep = Rep(core, "ana")
    rep.say("calendar add webcal://outlook.example.com/owa/calendar/abc/reachcalendar.ics")
    with session_factory() as session:
        assert session.scalars(select(Calendar.url)).one().startswith("https://outlook.")
    assert rep.say("calendar remove 2").kind == "error"
    assert rep.say("calendar remove 1").kind == "recorded"


def test_cli_import_reads_a_file_and_refuses_what_is_no_calendar(tmp_path, monkeypatch):
    from bot.cli import main

    monkeypatch.setenv("RELCAP_HOME", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("RELCAP_DATABASE_URL", raising=False)
    good = tmp_path / "meetings.ics"
    good.write_bytes(ics(vevent("one", "20301124T150000", "20301124T160000")))
    bad = tmp_path / "notes.ics"
    bad.write_bytes(b"hello")
    runner = CliRunner()
    result = runner.invoke(main, ["calendar", "import", str(good), "--user", "ana"])
    assert result.exit_code == 0, result.output
    assert "meetings.ics:" in result.output
    result = runner.invoke(main, ["calendar", "import", str(bad), "--user", "ana"])
    assert result.exit_code != 0 and "not an ICS calendar" in result.output
    assert "nothing was imported" in result.output and "Traceback" not in result.output


def test_the_address_is_never_exported(tmp_path, monkeypatch):
    from bot.app import build_app
    from bot.cli import main
    from bot.settings import Settings
    from handlers.messages import IncomingMessage, UserRef, WorkspaceRef

    monkeypatch.setenv("RELCAP_HOME", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("RELCAP_DATABASE_URL", raising=False)
    app = build_app(Settings())
    url = "https://calendar.example.com/private-77aa99bb/basic.ics"
    reply = app.core.handle_message(
        IncomingMessage(WorkspaceRef("console", "local"), UserRef("ana"), f"calendar add {url}")
    )
    assert reply.kind == "recorded"
    app.close()
    runner = CliRunner()
    for args in (["--format", "json"], ["--format", "csv", "-o", str(tmp_path / "out")]):
        result = runner.invoke(main, ["export", *args])
        assert result.exit_code == 0, result.output
        written = (
            result.output
            + "".join(p.read_text() for p in (tmp_path / "out").glob("*.csv") if p.is_file())
            if (tmp_path / "out").exists()
            else result.output
        )
        assert "private-77aa99bb" not in written


def test_calendar_settings():
    from pydantic import ValidationError

    from bot.settings import Settings

    config = Settings(
        internal_domains="Partner.example, @x.example", quiet_hours=""
    ).calendar_config()
    assert config.internal_domains == {"partner.example", "x.example"}
    assert not config.is_quiet(datetime(2026, 1, 1, 3, 0).time())
    night = Settings(quiet_hours="22:00-07:30", meeting_brief_minutes=5).calendar_config()
    assert night.is_quiet(datetime(2026, 1, 1, 7, 0).time())
    assert not night.is_quiet(datetime(2026, 1, 1, 7, 30).time())
    assert night.brief_lead == timedelta(minutes=5)
    with pytest.raises(ValidationError, match="20:00-08:00"):
        Settings(quiet_hours="late")


def test_a_contact_at_an_internal_domain_is_a_colleague(core, session_factory):
    rep = Rep(core, "ana")
    rep.say("contact add Pat Lee (Partner) pat@partner.example")
    data = ics(
        vevent("p", "20261124T150000", "20261124T160000", attendees=("pat@partner.example",))
    )
    config = CalendarConfig(internal_domains=frozenset({"partner.example"}))
    with UnitOfWork(session_factory) as uow:
        _ws, user, _ = uow.resolve(core.identities, "console", "local", "ana", "Ana", None, START)
        assert import_file(uow, user.id, "m.ics", data, START, config).meetings == 0
        assert import_file(uow, user.id, "m.ics", data, START, CalendarConfig()).meetings == 1
