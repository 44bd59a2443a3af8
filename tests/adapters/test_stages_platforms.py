"""Stages and retrospectives on Slack (signed HTTP, loopback Web API) and Teams
(botbuilder's TestAdapter): the offered move and the credit go through the core as
buttons, and every block and card is valid."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.stages.models import FeedbackItem, StageChange
from tests.adapters.slack_harness import button, text_of
from tests.adapters.slack_models import assert_valid_blocks
from tests.adapters.teams_activities import actions, card_of, execute_invoke, message, texts
from tests.adapters.teams_activities import button as card_button
from tests.adapters.test_teams_handler import Harness, entries

DM = "D024BE91L"


def _stages(session_factory) -> list[str]:
    with session_factory() as session:
        return list(session.scalars(select(StageChange.stage).order_by(StageChange.id)))


def _items(session_factory) -> list[tuple[str, str]]:
    with session_factory() as session:
        rows = session.scalars(select(FeedbackItem).order_by(FeedbackItem.id))
        return [(r.status, r.text) for r in rows]


def test_slack_an_offered_move_and_the_stage_commands(slack, session_factory):
    slack.event(slack.dm("+3 Dana Reyes (Acme): signed the contract", event_id="Ev-1"))
    [posted] = [call.args for call in slack.fake.wait_for("chat.postMessage", count=1)]
    assert_valid_blocks(posted["blocks"])
    assert "move Acme to engaged?" in text_of(posted["blocks"])
    assert _stages(session_factory) == []
    container = {"type": "message", "message_ts": "1355517523.000005", "channel_id": DM}
    pressed = slack.press(button(posted["blocks"], "Move Acme to engaged?"), container)
    assert pressed.status == 200
    assert _stages(session_factory) == ["engaged"]
    same = {"team": "T123ABC456", "user": "U2147483697"}  # the rep who wrote the note
    refused = slack.command("stage Acme married", **same).json()
    assert_valid_blocks(refused["blocks"])
    assert "The stages are: courting, first-meeting" in text_of(refused["blocks"])
    shown = slack.command("stage Acme", **same).json()
    assert_valid_blocks(shown["blocks"])
    assert "courting → engaged" in text_of(shown["blocks"])


def test_slack_retro_and_the_credit_on_resolving(slack, session_factory):
    slack.command("log +1 Dana Reyes (Acme): kickoff")
    saved = slack.command("retro Dana Reyes: the weekly report comes too late").json()
    assert_valid_blocks(saved["blocks"])
    assert "Retrospective item #1 for Acme from Dana Reyes" in text_of(saved["blocks"])
    balance = slack.command("balance Dana Reyes").json()
    assert_valid_blocks(balance["blocks"])
    assert "the weekly report comes too late" in text_of(balance["blocks"])
    account = slack.command("account Acme").json()
    assert_valid_blocks(account["blocks"])
    assert "Open retrospective items" in text_of(account["blocks"])
    slack.command("retro respond 1: moved to Monday 9:00")
    resolved = slack.command("retro resolve 1").json()
    assert_valid_blocks(resolved["blocks"])
    assert _items(session_factory) == [("resolved", "the weekly report comes too late")]
    container = {"type": "message", "message_ts": "1355517523.000009", "channel_id": DM}
    credit = button(resolved["blocks"], "Book +2 for Dana Reyes")
    assert slack.press(credit, container, team="T111", user="W111").status == 200
    assert [(e.amount, e.category) for e in slack.entries()][-1] == (2, "made-it-right")


def test_teams_stage_and_retro_cards(core, session_factory):
    harness = Harness(core)
    recorded = harness.card(
        message("+3 Dana Reyes (Acme): renewed for three years", activity_id="a1")
    )
    assert "Move Acme to long-term?" in [a["title"] for a in actions(recorded)]
    sent = harness.send(
        execute_invoke(card_button(recorded, "Move Acme")["data"], activity_id="a2")
    )
    assert next(a for a in sent if a.type == "invokeResponse").value.status == 200
    assert _stages(session_factory) == ["long-term"]
    refused = harness.card(message("stage Acmee engaged", activity_id="a3"))
    assert "Did you mean Acme?" in " ".join(texts(refused))
    item = harness.card(message("retro Acme: onboarding docs out of date", activity_id="a4"))
    assert texts(item)[0].startswith("Retrospective item #1 for Acme")
    not_theirs = harness.card(message("retro respond 7: done", activity_id="a5"))
    assert "There is no retrospective item #7" in " ".join(texts(not_theirs))
    account = json.dumps(harness.card(message("account Acme", activity_id="a6")))
    assert "Stage history" in account and "onboarding docs out of date" in account
    resolved = harness.card(message("retro resolve 1", activity_id="a7"))
    # An account's item names no contact: the credit opens the log form, prefilled.
    sent = harness.send(
        execute_invoke(card_button(resolved, "Log a credit")["data"], activity_id="a8")
    )
    cards = [card_of(a) for a in sent if a.type == "message" and a.attachments]
    assert "made it right: onboarding docs out of date" in json.dumps(cards)
    assert [e.amount for e in entries(session_factory)] == [3]
