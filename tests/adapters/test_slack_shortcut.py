""" "Log to relcap" on a Slack message, over HTTP as Slack sends it, against the fake Web API."""

from __future__ import annotations

import copy
import json

from bot.slack.stash import option_key
from tests.adapters.slack_harness import fixture, text_of
from tests.adapters.slack_models import assert_valid_view

PERMALINK = "https://fake.slack.com/archives/C0SHARED1/p1581106214000200"


def _shortcut(slack, text="Thanks <@U0JANE> for the quick fix!", ts="1581106214.000200"):
    payload = copy.deepcopy(fixture("message_action.json"))
    payload["message"].update(text=text, ts=ts)
    payload["message_ts"] = ts
    payload["response_url"] = f"{slack.fake.url}/response/shortcut"
    return slack.interaction(payload)


def _values(view: dict, **changes) -> dict:
    """The state Slack sends for the modal as opened, with `changes` typed over it."""
    initial = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    contact = changes.get("contact") or initial["contact"].get("initial_option", {}).get("value")
    note = changes.get("note") or initial["note"].get("initial_value")
    return {
        "contact": {"input": {"type": "external_select", "selected_option": {"value": contact}}},
        "sign": {"input": {"type": "static_select", "selected_option": {"value": "credit"}}},
        "points": {"input": {"type": "number_input", "value": changes.get("points", "2")}},
        "note": {"input": {"type": "plain_text_input", "value": note}},
        "when": {"input": {"type": "plain_text_input", "value": None}},
    }


def test_the_shortcut_opens_the_log_modal_prefilled_from_the_message(slack):
    slack.fake.names.update(U0JANE="Jane Doe", U0AUTHOR="Bob Roe")
    slack.command("contact add Jane Doe (Acme)")

    answer = _shortcut(slack)

    assert (answer.status, answer.body) == (200, b"")
    [permalink] = slack.fake.of("chat.getPermalink")
    assert (permalink.args["channel"], permalink.args["message_ts"]) == (
        "C0SHARED1",
        "1581106214.000200",
    )
    opened = slack.fake.wait_for("views.open")[0].args
    view = opened["view"]
    assert_valid_view(view)
    assert opened["trigger_id"] == fixture("message_action.json")["trigger_id"]
    description, *inputs = view["blocks"]
    assert f"From Bob Roe · {PERMALINK}" in description["text"]["text"]
    assert "suggested from the message: Jane Doe (Acme)" in description["text"]["text"]
    assert [b["block_id"] for b in inputs] == ["contact", "sign", "points", "note", "when"]
    contact = inputs[0]["element"]["initial_option"]
    assert (contact["text"]["text"], contact["value"]) == (
        "Jane Doe (Acme)",
        option_key("Jane Doe (Acme)"),
    )
    assert (
        inputs[3]["element"]["initial_value"]
        == "Bob Roe wrote: Thanks @Jane Doe for the quick fix!"
    )
    assert (
        json.loads(view["private_metadata"])["source"]
        == "slack-message:C0SHARED1:1581106214.000200"
    )


def test_the_submitted_modal_records_one_entry_with_the_permalink(slack):
    slack.fake.names.update(U0JANE="Jane Doe", U0AUTHOR="Bob Roe")
    slack.command("contact add Jane Doe (Acme)")
    _shortcut(slack)
    _shortcut(slack)  # pressed twice: two modals for the same message
    first, second = (call.args["view"] for call in slack.fake.wait_for("views.open", 2))

    assert slack.submit(first, _values(first), view_id="V1").status == 200
    assert slack.submit(second, _values(second, points="5"), view_id="V2").status == 200

    [entry] = slack.entries()
    assert (entry.amount, entry.link) == (2, PERMALINK)
    assert entry.note == "Bob Roe wrote: Thanks @Jane Doe for the quick fix!"
    posted = [c.args for c in slack.fake.wait_for("chat.postMessage", 2)]
    assert all(p["channel"] == "W111" for p in posted)  # the outcome goes to the rep's DM
    assert "Credit +2 → Jane Doe (Acme)" in text_of(posted[0]["blocks"])
    assert "Already recorded" in text_of(posted[1]["blocks"])
    history = slack.command("history Jane Doe").json()
    assert PERMALINK in text_of(history["blocks"])


def test_the_shortcut_on_a_message_already_logged_answers_privately(slack):
    slack.fake.names.update(U0JANE="Jane Doe", U0AUTHOR="Bob Roe")
    slack.command("contact add Jane Doe (Acme)")
    _shortcut(slack)
    view = slack.fake.wait_for("views.open")[0].args["view"]
    slack.submit(view, _values(view))

    assert _shortcut(slack).status == 200

    answer = slack.fake.wait_for("response_url")[0].args
    assert answer["response_type"] == "ephemeral"
    assert "Already recorded" in answer["text"]
    assert len(slack.fake.of("views.open")) == 1
    assert len(slack.entries()) == 1


def test_a_message_naming_nobody_known_suggests_no_contact(slack):
    slack.fake.names.update(U0JANE="Jane Doe")

    _shortcut(slack, text="Call went well with <mailto:raj@globex.example|raj@globex.example>")

    view = slack.fake.wait_for("views.open")[0].args["view"]
    contact = next(b for b in view["blocks"] if b.get("block_id") == "contact")
    assert "initial_option" not in contact["element"]
    assert "No known contact" in view["blocks"][0]["text"]["text"]
    assert slack.entries() == []


def test_the_modal_still_opens_when_the_permalink_cannot_be_had(slack):
    slack.fake.fail("chat.getPermalink", 500, times=5)

    assert _shortcut(slack).status == 200

    view = slack.fake.wait_for("views.open")[0].args["view"]
    assert json.loads(view["private_metadata"])["value"] == ""


def test_a_modal_slack_will_not_open_is_explained_privately(slack):
    slack.fake.fail("views.open", 500, times=3)

    assert _shortcut(slack).status == 200

    answer = slack.fake.wait_for("response_url")[0].args
    assert answer["response_type"] == "ephemeral"
    assert "did not open the form" in answer["text"]
    assert slack.entries() == []


def test_an_apps_message_is_read_from_its_attachments_and_named_by_its_bot(slack):
    payload = copy.deepcopy(fixture("message_action.json"))
    payload["message"] = {
        "type": "message",
        "subtype": "bot_message",
        "text": "",
        "bot_id": "B0CRM",
        "bot_profile": {"id": "B0CRM", "name": "Deal Desk"},
        "attachments": [{"fallback": "Acme renewal signed", "text": "Acme renewal signed"}],
        "ts": "1581106299.000300",
    }
    payload["message_ts"] = "1581106299.000300"
    payload["response_url"] = f"{slack.fake.url}/response/shortcut"

    assert slack.interaction(payload).status == 200

    view = slack.fake.wait_for("views.open")[0].args["view"]
    note = next(b for b in view["blocks"] if b.get("block_id") == "note")
    assert note["element"]["initial_value"] == "Deal Desk wrote: Acme renewal signed"
