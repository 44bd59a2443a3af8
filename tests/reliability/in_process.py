"""Our real web app (Slack, and Teams when asked) served on loopback inside the test."""

from __future__ import annotations

from contextlib import contextmanager

from bot.app import build_app
from tests.adapters.conftest import slack_settings
from tests.adapters.fake_slack import FakeSlackApi
from tests.adapters.slack_harness import LoopThread, SlackHarness


@contextmanager
def served(loop: LoopThread, tmp_path, db_url: str, fake: FakeSlackApi, **overrides):
    """A SlackHarness on `db_url`: `.url` to send to, `.app` for the database."""
    app = build_app(slack_settings(tmp_path, db_url, fake, **overrides))
    harness = SlackHarness(loop, app, fake)
    harness.start()
    try:
        yield harness
    finally:
        harness.stop()
        app.close()
