"""The bootstrap builds one of everything, and the settings reach every part that reads them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

import prompts
from bot.app import build_app
from bot.console.sender import ConsoleSender
from bot.settings import Settings
from handlers.messages import IncomingMessage, UserRef, WorkspaceRef
from tests.conftest import FakeClock
from tests.unit.nudging import Inbox

LOCAL = WorkspaceRef("console", "local")
ANA = UserRef("ana", "ana")
FRIDAY = datetime(2026, 11, 13, 15, 0, tzinfo=UTC)
TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # eleven days later


def settings(tmp_path, db_url: str, **values) -> Settings:
    """Explicit settings (no .env, no platform) with `values` on top."""
    return Settings(
        _env_file=None,
        **{
            "home": tmp_path,
            "DATABASE_URL": db_url,
            "SLACK_BOT_TOKEN": None,
            "SLACK_SIGNING_SECRET": None,
            "SLACK_CLIENT_ID": None,
            "SLACK_APP_TOKEN": None,
            "MICROSOFT_APP_ID": None,
            "teams_emulator": False,
            **values,
        },
    )


def test_the_core_and_the_nudge_pass_share_one_question_bank(tmp_path, db_url, engine):
    app = build_app(settings(tmp_path, db_url))
    nudge_pass = app.nudge_pass()
    assert nudge_pass is app.nudge_pass()  # built once
    assert app.core.services is app.services
    assert nudge_pass.planner.bank is app.services.questions
    assert nudge_pass.planner.catalog is app.services.catalog
    app.close()


@pytest.mark.parametrize(("stale_days", "asked"), [(None, False), (5, True)])
def test_fact_stale_days_reaches_the_health_score_and_the_nudge_chooser(
    tmp_path, db_url, engine, stale_days, asked
):
    """Every fact about Jane is eleven days old: fresh by each key's own days, stale
    with RELCAP_FACT_STALE_DAYS=5, for the profile (and health) and for the nudges alike."""
    clock = FakeClock(FRIDAY)
    app = build_app(settings(tmp_path, db_url, fact_stale_days=stale_days), clock)

    def say(text: str):
        return app.core.handle_message(IncomingMessage(LOCAL, ANA, text))

    assert say("+2 Jane Doe (Acme): a good call about the roadmap").kind != "error"
    for key in prompts.load("questions")["facts"]:
        assert not say(f"fact Jane Doe {key}: known").is_error
    # The courting stage's own question, answered too: it keeps its own spacing.
    assert not say("fact Jane Doe what-they-see: our warehouse know-how").is_error
    app.core.remember_address(LOCAL, ANA, "console", {})
    clock.now = TUESDAY_9
    profile = {f.label: f.value for f in say("profile Jane Doe").fields}
    assert any("stale" in value for value in profile.values()) is asked
    inbox = Inbox()
    asyncio.run(app.nudge_pass({"console": ConsoleSender(inbox)}).run())
    questions = inbox.of("ana", "nudge")
    assert bool(questions) is asked, [q.text for q in questions]
    if asked:
        [question] = questions
        assert "Jane Doe" in question.text
        why = {f.label: f.value for f in question.fields}["Why today"]
        assert "is out of date (professional side)" in why, why
    app.close()


def test_the_web_adapters_and_the_scheduler_use_the_same_senders(tmp_path, db_url, engine):
    from bot.slack.http import SENDER_KEY
    from bot.teams.http import TEAMS_KEY
    from bot.web import build_web_app

    both = {"SLACK_BOT_TOKEN": "xoxb-one", "SLACK_SIGNING_SECRET": "s", "teams_emulator": True}
    app = build_app(settings(tmp_path, db_url, **both))
    web_app = build_web_app(app)
    senders = app.nudge_pass().senders
    assert web_app[SENDER_KEY] is app.slack.sender is senders["slack"]
    teams = web_app[TEAMS_KEY]
    assert teams.sender is app.teams() is senders["teams"]
    assert teams.adapter is teams.sender.adapter
    app.close()
