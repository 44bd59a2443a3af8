"""Bad requests get a 4xx, a failing Slack Web API is retried, and notes stay saved."""

from __future__ import annotations

import json
import logging

import pytest

from tests.adapters.slack_harness import text_of

NOTE = "+2 Jane Doe (Acme): delivered the migration two days early"


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"payload=%7Bnot+json", "application/x-www-form-urlencoded", 400),
        (b"{not json", "application/json", 400),
        (b'{"type": "event_callback", "team_id": "T1"}', "application/json", 404),
        # a message event with no user or text: acknowledged and ignored
        (
            b'{"type": "event_callback", "team_id": "T1", "event": {"type": "message"}}',
            "application/json",
            200,
        ),
        (b"payload=%5B1%2C2%5D", "application/x-www-form-urlencoded", 400),
        (b"", "application/json", 404),
        (b"\xff\xfe", "application/json", 400),
    ],
    ids=[
        "form-not-json",
        "json-broken",
        "no-event",
        "empty-event",
        "payload-list",
        "empty",
        "not-utf8",
    ],
)
def test_a_signed_but_unreadable_request_gets_a_4xx_not_a_500(slack, body, content_type, status):
    answer = slack.signed(body, content_type)

    assert answer.status == status
    assert slack.entries() == []


def test_an_unsigned_request_gets_401(slack):
    body = json.dumps(slack.dm(NOTE)).encode()
    assert slack.post(body, "application/json").status == 401
    assert slack.entries() == []


def test_a_rate_limited_reply_is_retried_after_the_wait_slack_asks_for(slack):
    slack.fake.fail("chat.postMessage", 429, times=1, retry_after=1)

    assert slack.event(slack.dm(NOTE)).status == 200

    calls = slack.fake.wait_for("chat.postMessage", 2)
    assert calls[0].args == calls[1].args
    assert len(slack.entries()) == 1


def test_a_reply_that_keeps_failing_is_logged_and_the_note_stays_saved(slack, caplog):
    slack.fake.fail("chat.postMessage", 503, times=10)

    with caplog.at_level(logging.WARNING, logger="bot.slack.background"):
        assert slack.event(slack.dm(NOTE)).status == 200
        slack.fake.wait_for("chat.postMessage", 3)  # the first try and two retries
        slack.stop()  # drains the reply in flight

    assert len(slack.entries()) == 1
    failures = [r for r in caplog.records if "Slack reply failed" in r.getMessage()]
    assert len(failures) == 1
    assert "Ev0PV52K21" in failures[0].getMessage()
    assert failures[0].exc_info is None  # one line, no traceback


def test_an_expired_trigger_gets_a_clear_answer(slack):
    slack.fake.fail("views.open", 200, times=1)  # {"ok": false}: Slack's expired_trigger_id

    answer = slack.command("log").json()

    assert answer["response_type"] == "ephemeral"
    assert "did not open the form" in text_of(answer["blocks"])


def test_an_unsigned_unreadable_request_gets_401(slack):
    assert slack.post(b"{not json", "application/json").status == 401


def test_a_rate_limited_timezone_lookup_does_not_hold_up_the_note(slack):
    import time

    slack.fake.fail("users.info", 429, times=1, retry_after=30)
    started = time.monotonic()

    assert slack.event(slack.dm(NOTE)).status == 200

    assert time.monotonic() - started < 2.5  # well within Slack's 3 seconds
    assert len(slack.entries()) == 1
