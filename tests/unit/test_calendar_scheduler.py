"""`relcap serve`'s scheduler runs the calendar pass as a second interval job: it reads
the calendar from its (loopback) host and sends the meeting's question once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp import web

from bot.app import build_app
from bot.console.sender import ConsoleSender
from bot.scheduler import attach_scheduler
from bot.settings import Settings
from handlers.messages import IncomingMessage, UserRef, WorkspaceRef
from tests.conftest import FakeClock
from tests.unit.calendaring import OWNER, LoopbackHost, ics, vevent
from tests.unit.nudging import Inbox

LOCAL = WorkspaceRef("console", "local")


def test_the_scheduler_reads_calendars_and_asks_once(db_url, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("RELCAP_HOME", str(tmp_path))
    monkeypatch.setenv("RELCAP_NUDGE_TICK_SECONDS", "30")
    host = LoopbackHost()
    host.state.body = ics(vevent("one", "20261124T100000", "20261124T110000", tz="UTC"))
    clock = FakeClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    app = build_app(Settings(), clock=clock)
    ana = UserRef("ana", "ana")
    for text in (
        "contact add Jane Doe (Acme) jane@acme.example",
        f"calendar add {host.url} {OWNER}",
    ):
        assert not app.core.handle_message(IncomingMessage(LOCAL, ana, text)).is_error
    app.core.remember_address(LOCAL, ana, "console", {})
    inbox = Inbox()

    async def scenario() -> None:
        web_app = web.Application()
        scheduler = attach_scheduler(web_app, app, {"console": ConsoleSender(inbox)})
        runner = web.AppRunner(web_app)
        await runner.setup()
        job = scheduler.scheduler.get_job("calendar-pass")
        assert job.trigger.interval.total_seconds() == 30 and job.max_instances == 1
        await scheduler.calendar_tick()  # reads the calendar; the meeting is ahead
        clock.now = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
        await scheduler.calendar_tick()
        await scheduler.calendar_tick()
        await runner.cleanup()

    try:
        asyncio.run(scenario())
    finally:
        host.close()
        app.close()
    [question] = inbox.of("ana", "meeting")
    assert question.text == "How did the meeting with Jane Doe (Acme) go?"
    # Read at 09:00, then (two hours on) a conditional GET; the third tick finds it fresh.
    first, second = host.state.requests
    assert "If-None-Match" not in first and second["If-None-Match"] == '"v1"'
