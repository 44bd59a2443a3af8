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


def _get(url: str) -> tuple[int, dict]:
    import json
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_with_slack_unreachable_the_server_starts_and_healthz_says_degraded(
    tmp_path, db_url, fake_slack, loop_thread, clock, caplog
):
    # Nothing listens on port 9: every Web API call (apps.connections.open) is refused.
    settings = slack_settings(
        tmp_path,
        db_url,
        fake_slack,
        SLACK_APP_TOKEN="xapp-test",
        SLACK_SIGNING_SECRET=None,
        SLACK_API_URL="http://127.0.0.1:9/api/",
    )
    app = build_app(settings, clock=clock)
    harness = SlackHarness(loop_thread, app, fake_slack)
    caplog.set_level("WARNING")
    harness.start()  # does not raise: the connection is retried in the background
    try:
        status, body = _get(harness.url + "/healthz")
        for _ in range(50):  # the first attempt fails within moments on loopback
            if "unreachable" in body.get("slack", ""):
                break
            loop_thread.run(__import__("asyncio").sleep(0.05))
            status, body = _get(harness.url + "/healthz")
    finally:
        harness.stop()
        app.close()

    assert status == 200
    assert body["database"] == "ok"
    assert body["slack"].startswith("degraded: Slack unreachable")
    tries = [r for r in caplog.records if r.name.startswith("bot.slack.socket_mode")]
    assert tries and all(r.exc_info is None for r in tries)  # one line each, no traceback
    assert all(r.levelname == "WARNING" for r in tries)


def test_over_socket_mode_healthz_says_connected(socket_slack):
    socket_slack.fake.wait_for("socket_connected")
    status, body = _get(socket_slack.url + "/healthz")

    assert status == 200
    assert body["slack"] == "connected"
