"""Rate limits: Slack answers 429 with Retry-After during a nudge fan-out to 200 reps;
every nudge is still delivered exactly once."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.nudge_tick import run_tick
from handlers.messages import IncomingMessage, UserRef, WorkspaceRef
from storage.nudges.models import Nudge
from tests.adapters.conftest import slack_settings
from tests.reliability.throttling_slack import ThrottlingSlackApi

REPS = 200
TEAM = "T123ABC456"
# Refused calls: one rep gets through on the client's second retry, one on its first,
# and one is refused three times (the client gives up; a later pass sends it).
THROTTLED = {50, 51, 53, 120, 121, 122}
MAX_PASSES = 5
TIME_LIMIT = 120


@pytest.fixture
def throttling(loop):
    fake = ThrottlingSlackApi(THROTTLED)
    loop.run(fake.start())
    yield fake
    loop.run(fake.stop())


def test_a_rate_limited_fan_out_delivers_every_nudge_once(tmp_path, throttling):
    started = time.monotonic()
    app = build_app(slack_settings(tmp_path, f"sqlite:///{tmp_path / 'r.db'}", throttling))
    try:
        now = datetime.now(UTC)
        send_time = (now - timedelta(minutes=2)).strftime("%H:%M")
        workspace = WorkspaceRef("slack", TEAM)
        for n in range(REPS):
            rep = UserRef(f"U{n:04d}", f"Rep {n}", "UTC")
            address = {"team_id": TEAM, "user_id": rep.external_id, "channel_id": f"D{n:04d}"}
            app.core.remember_address(workspace, rep, "slack", address)
            for text in (
                # A contact of their own ("add" first: "Client 1" is close to "Client 0"),
                # in the red: worth a question.
                f"contact add Client {n} (Acme)",
                f"-1 Client {n}: missed the deadline",
                "nudges days mon-sun",
                f"nudges time {send_time}",
            ):
                reply = app.core.handle_message(IncomingMessage(workspace, rep, text))
                assert not reply.is_error, reply.text

        summaries = []
        for attempt in range(MAX_PASSES):
            # Each pass as of a moment past the backoff of the sends that gave up.
            summaries.append(run_tick(app, now + timedelta(minutes=2 * attempt), console=False))
            if sum(throttling.delivered.values()) == REPS:
                break
        with app.session_factory() as session:
            statuses = [n.status for n in session.scalars(select(Nudge))]
    finally:
        app.close()

    assert throttling.refused == len(THROTTLED), summaries
    assert len(throttling.delivered) == REPS, summaries
    assert set(throttling.delivered.values()) == {1}, summaries
    assert statuses == ["sent"] * REPS
    assert len(summaries) >= 2  # the rep refused three times waited for a later pass
    assert time.monotonic() - started < TIME_LIMIT
