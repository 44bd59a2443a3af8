"""Buttons and options carry keys, never user text that can outgrow Slack's limits; odd
interaction payloads get a 4xx or are left to others, never a 500 or a foreign answer."""

from __future__ import annotations

import copy

from bot.slack.stash import option_key
from tests.adapters.slack_harness import button, fixture, text_of

DM = "D024BE91L"
CONTAINER = {"type": "message", "message_ts": "1700000000.000100", "channel_id": DM}
LONG_NAME = "Maximiliana " + "Wolfeschlegelsteinhausen" * 7 + " Berg"  # a contact of ~190 chars


def _fact_values(contact: dict, value: str = "wants to run the EMEA team") -> dict:
    return {
        "contact": {"input": {"type": "external_select", "selected_option": contact}},
        "key": {"input": {"type": "static_select", "selected_option": {"value": "career"}}},
        "value": {"input": {"type": "plain_text_input", "value": value}},
    }


def _suggest(slack, view: dict, typed: str) -> list[dict]:
    payload = {
        "type": "block_suggestion",
        "action_id": "input",
        "block_id": "contact",
        "value": typed,
        "team": {"id": "T111", "domain": "workspace-domain"},
        "user": {"id": "W111", "team_id": "T111"},
        "api_app_id": "A111",
        "view": view,
    }
    return slack.interaction(payload).json()["options"]


def test_a_long_fact_line_gets_a_button_with_a_short_value_that_opens_the_form(slack):
    slack.event(slack.dm("fact " + "the customer told me a very long story " * 60))
    posted = slack.fake.wait_for("chat.postMessage")[0].args
    opener = button(posted["blocks"], "Open")

    assert len(opener["value"]) < 100
    assert slack.press(opener, CONTAINER).status == 200
    view = slack.fake.wait_for("views.open")[0].args["view"]
    assert [b["block_id"] for b in view["blocks"]] == ["contact", "key", "value"]
    assert "initial_option" not in view["blocks"][0]["element"]  # no name is 2,000 chars


def test_an_open_button_from_before_a_restart_opens_the_empty_form(slack):
    opener = {"action_id": "relcap.open#0", "value": "forgotten-token:fact"}

    assert slack.press(opener, CONTAINER).status == 200

    view = slack.fake.wait_for("views.open")[0].args["view"]
    assert [b["block_id"] for b in view["blocks"]] == ["contact", "key", "value"]


def test_a_contact_with_a_long_name_can_be_chosen_in_the_form(slack):
    slack.command(f"log +1 {LONG_NAME}: intro call")
    slack.command("fact")
    view = slack.fake.wait_for("views.open")[0].args["view"]

    options = _suggest(slack, view, "maximiliana")
    chosen = next(o for o in options if o["text"]["text"] == LONG_NAME[:75])
    assert all(len(o["value"]) <= 150 for o in options)
    assert slack.submit(view, _fact_values(chosen)).status == 200

    posted = slack.fake.wait_for("chat.postMessage")[0].args
    assert "wants to run the EMEA team" in text_of(posted["blocks"])
    profile = slack.command(f"profile {LONG_NAME}").json()
    assert "wants to run the EMEA team" in text_of(profile["blocks"])


def test_an_option_chosen_in_another_process_is_found_by_its_key(slack):
    slack.command(f"log +1 {LONG_NAME}: intro call")
    slack.command("fact")
    view = slack.fake.wait_for("views.open")[0].args["view"]
    # Never suggested by this process: only the key and the visible text arrive.
    chosen = {
        "text": {"type": "plain_text", "text": LONG_NAME[:75]},
        "value": option_key(LONG_NAME),
    }

    assert slack.submit(view, _fact_values(chosen, "measured on churn")).status == 200

    profile = slack.command(f"profile {LONG_NAME}").json()
    assert "measured on churn" in text_of(profile["blocks"])


def _block_actions(actions) -> dict:
    payload = copy.deepcopy(fixture("block_actions.json"))
    if actions is None:
        payload.pop("actions")
    else:
        payload["actions"] = actions
    return payload


def test_block_actions_without_actions_get_400(slack):
    for actions in (None, []):
        answer = slack.interaction(_block_actions(actions))
        assert answer.status == 400
        assert "without actions" in answer.json()["error"]


def test_dialogs_legacy_attachments_and_foreign_buttons_are_not_answered(slack):
    base = {
        "team": {"id": "T111", "domain": "d"},
        "user": {"id": "W111", "team_id": "T111"},
        "channel": {"id": DM},
        "api_app_id": "A111",
        "token": "x",
        "response_url": f"{slack.fake.url}/response/legacy",
    }
    dialog = {**base, "type": "dialog_submission", "callback_id": "show", "submission": {}}
    legacy = {
        **base,
        "type": "interactive_message",
        "callback_id": "entry.undo",
        "actions": [{"name": "undo", "type": "button", "value": "1"}],
    }
    foreign = _block_actions([{"action_id": "someone.else", "value": "1", "type": "button"}])

    for payload in (dialog, legacy, foreign):
        assert slack.interaction(payload).status == 404  # no listener of ours matched
    assert {c.method for c in slack.fake.calls} <= {"auth.test"}  # nothing posted
