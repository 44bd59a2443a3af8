"""Attempts and the competitor test on Slack (signed HTTP, loopback Web API) and Teams
(botbuilder's TestAdapter): the same replies, buttons through the core, valid blocks."""

from __future__ import annotations

import json

from tests.adapters.slack_harness import button, text_of
from tests.adapters.slack_models import assert_valid_blocks
from tests.adapters.teams_activities import actions, message, texts
from tests.adapters.test_teams_handler import Harness, entries

DM = "D024BE91L"
ATTEMPT = "Dana Reyes: left a voicemail and sent an email, no reply"


def test_slack_an_attempt_says_so_and_its_undo_goes_through_the_core(slack):
    slack.event(slack.dm("+1 Dana Reyes (Acme): kickoff", event_id="Ev-1", ts="1700000000.1"))
    slack.event(slack.dm(ATTEMPT, event_id="Ev-2", ts="1700000000.2"))
    posted = [call.args for call in slack.fake.wait_for("chat.postMessage", count=2)]
    attempt = posted[-1]
    assert_valid_blocks(attempt["blocks"])
    assert "Logged an attempt (no points). Last heard from Dana Reyes today; 1 attempt since." in (
        text_of(attempt["blocks"])
    )
    assert [(e.kind, e.amount) for e in slack.entries()] == [("touch", 1), ("attempt", 0)]
    container = {"type": "message", "message_ts": "1700000000.2", "channel_id": DM}
    assert slack.press(button(attempt["blocks"], "Undo"), container).status == 200
    update = slack.fake.wait_for("chat.update")[0].args
    assert_valid_blocks(update["blocks"])
    assert text_of(update["blocks"]).startswith("Undone:")
    assert [e.reverses_id is not None for e in slack.entries()] == [False, False, True]


def test_slack_loyal_and_a_fourth_answer(slack):
    slack.command("log +1 Dana Reyes (Acme): kickoff")
    saved = slack.command("loyal Dana Reyes no: price shopping").json()
    assert_valid_blocks(saved["blocks"])
    assert "Competitor test for Dana Reyes (Acme): no — price shopping" in text_of(saved["blocks"])
    refused = slack.command("loyal Dana Reyes perhaps").json()
    assert "Answer one of: yes, unsure, no" in text_of(refused["blocks"])
    balance = slack.command("balance Dana Reyes").json()
    assert "no — price shopping" in text_of(balance["blocks"])


def test_teams_an_attempt_and_loyal(core, session_factory):
    harness = Harness(core)
    harness.card(message("+1 Dana Reyes (Acme): kickoff", activity_id="a1"))
    card = harness.card(message(ATTEMPT, activity_id="a2"))
    assert texts(card)[0].startswith("Logged an attempt (no points).")
    assert [a["title"] for a in actions(card)] == ["Undo"]
    assert [(e.kind, e.amount) for e in entries(session_factory)] == [("touch", 1), ("attempt", 0)]
    saved = harness.card(message("loyal Dana Reyes yes: told us about the rival", activity_id="a3"))
    assert texts(saved)[0].startswith("Competitor test for Dana Reyes (Acme): yes")
    refused = harness.card(message("loyal Dana Reyes sometimes", activity_id="a4"))
    assert "Answer one of: yes, unsure, no" in " ".join(texts(refused))
    balance = json.dumps(
        harness.card(message("balance Dana Reyes", activity_id="a5")), ensure_ascii=False
    )
    assert "Last heard from them" in balance and "Last reached out" in balance
    assert "yes — told us about the rival" in balance
