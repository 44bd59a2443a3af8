"""A signed request whose fields have the wrong types gets a 400 at the edge, not a 500
from deep inside bolt or a listener; unsigned (or with a garbled timestamp), a 401."""

from __future__ import annotations

import json
import urllib.parse

import pytest

NOTE = "+2 Jane Doe (Acme): delivered early"


def _event(slack, **changes) -> bytes:
    payload = slack.dm(NOTE)
    payload.update(changes)
    return json.dumps(payload).encode()


def _with_event(slack, **fields) -> bytes:
    payload = slack.dm(NOTE)
    payload["event"].update(fields)
    return json.dumps(payload).encode()


@pytest.mark.parametrize(
    "build",
    [
        lambda s: _event(s, event=[1, 2]),
        lambda s: _event(s, event="text"),
        lambda s: _event(s, team_id=42),
        lambda s: _with_event(s, text={"a": 1}),
        lambda s: _with_event(s, user=7),
    ],
    ids=["event-list", "event-string", "team-number", "text-object", "user-number"],
)
def test_a_mistyped_event_gets_400(slack, build):
    body = build(slack)
    answer = slack.signed(body, "application/json")
    assert answer.status == 400
    assert "error" in answer.json()
    assert slack.post(body, "application/json").status == 401
    assert slack.entries() == []


def test_a_command_without_a_user_gets_400(slack):
    body = urllib.parse.urlencode({"command": "/relcap", "text": NOTE, "team_id": "T1"}).encode()
    assert slack.signed(body, "application/x-www-form-urlencoded").status == 400
    assert slack.entries() == []


def test_a_timestamp_that_is_not_a_number_gets_401(slack):
    body = _event(slack)
    headers = {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=" + "0" * 64}
    assert slack.post(body, "application/json", headers).status == 401
    assert slack.entries() == []
