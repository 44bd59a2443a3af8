"""Block Kit rendering of neutral replies: Slack's limits and id rules hold."""

from __future__ import annotations

from bot.slack.blocks import SECTION_MAX, action_id_of, message, message_blocks
from bot.slack.modals import inline_errors, modal, submitted_values
from handlers.forms import log_form
from handlers.messages import Button, Reply, ReplyField, error


def test_buttons_with_the_same_action_id_get_distinct_slack_ids():
    reply = Reply(
        text="Which one did you mean: Jane Doe (Acme), Jane Doe (Globex)?",
        buttons=(
            Button("Jane Doe (Acme)", "note.contact", "7:1"),
            Button("Jane Doe (Globex)", "note.contact", "7:2", "primary"),
        ),
    )

    (actions,) = [b for b in message_blocks(reply) if b["type"] == "actions"]
    ids = [e["action_id"] for e in actions["elements"]]
    assert len(set(ids)) == 2
    assert [action_id_of(i) for i in ids] == ["note.contact", "note.contact"]
    assert [e["value"] for e in actions["elements"]] == ["7:1", "7:2"]
    assert actions["elements"][1]["style"] == "primary"


def test_long_text_is_split_into_sections_within_slack_limits():
    text = "\n".join(f"line {n} " + "x" * 80 for n in range(200))

    blocks = message_blocks(Reply(text=text))

    assert all(len(b["text"]["text"]) <= SECTION_MAX for b in blocks)
    assert "\n".join(b["text"]["text"] for b in blocks) == text


def test_control_characters_are_escaped_and_errors_marked():
    rendered = message(error("Jane <jane@acme.example> & co is not a contact"))

    assert rendered["text"].startswith("⚠ ")
    assert rendered["blocks"][0]["text"]["text"] == (
        ":warning: Jane &lt;jane@acme.example&gt; &amp; co is not a contact"
    )


def test_fields_and_colour():
    reply = Reply(text="Jane", fields=(ReplyField("Balance", "7"),), color="red")

    blocks = message_blocks(reply)

    assert blocks[1]["fields"] == [{"type": "mrkdwn", "text": "*Balance*\n7"}]
    assert blocks[2]["elements"][0]["text"] == ":red_circle: health red"


def test_a_form_round_trips_through_a_modal():
    view = modal(log_form().input_request)
    state = {
        "contact": {"input": {"selected_option": {"value": "Jane Doe"}}},
        "sign": {"input": {"selected_option": {"value": "debit"}}},
        "points": {"input": {"value": "2"}},
        "note": {"input": {"value": "late"}},
        "when": {"input": {"value": None}},
    }

    assert submitted_values({"state": {"values": state}}) == {
        "contact": "Jane Doe",
        "sign": "debit",
        "points": "2",
        "note": "late",
        "when": "",
    }
    assert inline_errors(error("Points are whole numbers.", "points"), view) == {
        "points": "Points are whole numbers."
    }
    assert inline_errors(error("Something else."), view) == {"contact": "Something else."}
