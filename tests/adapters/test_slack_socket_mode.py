"""With SLACK_APP_TOKEN, Slack is served over Socket Mode: a WebSocket the app opens."""

from __future__ import annotations

import pytest

from bot.app import build_app
from tests.adapters.conftest import slack_settings
from tests.adapters.slack_harness import SlackHarness, text_of


@pytest.fixture
def socket_slack(tmp_path, db_url, fake_slack, loop_thread, clock):
    settings = slack_settings(
        tmp_path, db_url, fake_slack, SLACK_APP_TOKEN="xapp-test", SLACK_SIGNING_SECRET=None
    )
    app = build_app(settings, clock=clock)
    harness = SlackHarness(loop_thread, app, fake_slack)
    harness.start()  # connects the socket on start-up
    yield harness
    harness.stop()
    app.close()


def test_a_dm_over_socket_mode_is_saved_before_the_ack(socket_slack):
    fake = socket_slack.fake
    fake.wait_for("socket_connected")
    opened = fake.of("apps.connections.open")[0]
    assert opened.headers["Authorization"] == "Bearer xapp-test"
    envelope = {
        "envelope_id": "env-1",
        "type": "events_api",
        "accepts_response_payload": False,
        "payload": SlackHarness.dm("+2 Jane Doe: sent the case study"),
    }

    socket_slack.loop.run(fake.push(envelope))

    ack = fake.wait_for("socket_ack")[0].args
    assert ack["envelope_id"] == "env-1"
    assert [e.amount for e in socket_slack.entries()] == [2]  # committed before the ack
    posted = fake.wait_for("chat.postMessage")[0].args
    assert "Credit +2 → Jane Doe" in text_of(posted["blocks"])


def test_over_socket_mode_the_http_endpoint_accepts_nothing(socket_slack):
    # No signing secret: nothing that arrives over HTTP can be verified.
    answer = socket_slack.event(socket_slack.dm("+2 Jane Doe: sent the case study"))

    assert answer.status == 401
    assert socket_slack.entries() == []
