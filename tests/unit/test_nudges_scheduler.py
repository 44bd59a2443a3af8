"""`relcap serve`'s scheduler: one interval job in the web server's loop, started and
stopped with it, whose tick runs a pass."""

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
from tests.unit.nudging import Inbox

LOCAL = WorkspaceRef("console", "local")


def test_scheduler_lives_with_the_web_app_and_ticks_a_pass(db_url, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("RELCAP_HOME", str(tmp_path))
    monkeypatch.setenv("RELCAP_NUDGE_TICK_SECONDS", "30")
    clock = FakeClock(datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    app = build_app(Settings(), clock=clock)
    ana = UserRef("ana", "ana")
    app.core.handle_message(IncomingMessage(LOCAL, ana, "-1 Bob Stone: missed the deadline"))
    app.core.remember_address(LOCAL, ana, "console", {})
    inbox = Inbox()

    async def scenario() -> None:
        web_app = web.Application()
        scheduler = attach_scheduler(web_app, app, {"console": ConsoleSender(inbox)})
        runner = web.AppRunner(web_app)
        await runner.setup()  # runs on_startup: the scheduler starts
        job = scheduler.scheduler.get_job("nudge-pass")
        assert job.trigger.interval.total_seconds() == 30
        assert (job.misfire_grace_time, job.coalesce, job.max_instances) == (30, True, 1)
        clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
        await scheduler.tick()  # what the job runs every 30 s
        await scheduler.tick()
        await runner.cleanup()  # on_cleanup: the scheduler stops
        assert scheduler.scheduler is None

    asyncio.run(scenario())
    assert len(inbox.of("ana", "nudge")) == 1
    app.close()


def test_the_app_has_no_sender_for_an_unconfigured_platform(tmp_path):
    settings = Settings(
        _env_file=None,
        home=tmp_path,
        DATABASE_URL=None,
        SLACK_BOT_TOKEN=None,
        SLACK_SIGNING_SECRET=None,
        SLACK_CLIENT_ID=None,
        MICROSOFT_APP_ID=None,
        teams_emulator=False,
    )
    app = build_app(settings)
    assert app.senders() == {}
    assert app.nudge_pass().senders == {}
    app.close()
