"""The company replies as each platform renders them: Block Kit valid for slack-sdk's
models, Adaptive Cards valid for the 1.5 schema, buttons keeping the core's ids and values."""

from __future__ import annotations

import pytest

from bot.slack.blocks import action_id_of, message_blocks
from bot.teams.cards import reply_card
from handlers import actions
from tests.adapters.card_schema import assert_valid_card
from tests.adapters.slack_models import assert_valid_blocks

LONG = "Acme Logistcs International " * 7  # 196 characters, the longest name accepted


@pytest.fixture
def replies(ana):
    ana.say("company add Acme Logistics acme.example")
    ana.say(f"company add {LONG}")
    ana.say("contact add Jane Doe (Acme)")
    ana.say('contact add "CFO" (Acme Logistics) --not-met')
    return {
        "list": ana.say("company list"),
        "note asks": ana.say("+1 Ola Nordmann (Acme Logistcs): hi"),
        "contact add asks": ana.say("contact add Cy Lo (Acme Logistcs)"),
        "long name asks": ana.say(f"+1 Bo Li ({LONG[:-2]}x): hi"),
        "contacts of a company": ana.say("contacts Acme Logistics"),
    }


def test_company_replies_are_valid_blocks_and_cards(replies):
    for name, reply in replies.items():
        assert not reply.is_error, (name, reply.text)
        assert_valid_blocks(message_blocks(reply))
        assert_valid_card(reply_card(reply))


def test_the_company_choice_keeps_the_core_action_ids(replies):
    reply = replies["note asks"]
    (row,) = [b for b in message_blocks(reply) if b["type"] == "actions"]
    ids = [action_id_of(e["action_id"]) for e in row["elements"]]
    assert ids == [actions.NOTE_COMPANY, actions.NOTE_NEW_COMPANY, actions.NOTE_DISCARD]
    long = replies["long name asks"]
    assert long.buttons[0].label == LONG.strip() and len(long.buttons) == 3
    asked = replies["contact add asks"]
    assert [b.action_id for b in asked.buttons] == [
        actions.CONTACT_COMPANY,
        actions.CONTACT_NEW_COMPANY,
    ]


def test_a_long_company_list_stays_within_one_message(ana):
    for n in range(45):
        ana.say(f"company add Company {n:02d}")
    reply = ana.say("company list")
    assert reply.text.startswith("Companies (first 40 of 45;") and len(reply.fields) == 40
    assert_valid_blocks(message_blocks(reply))
    assert_valid_card(reply_card(reply))
