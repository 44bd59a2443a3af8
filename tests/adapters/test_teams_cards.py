"""Reply → Adaptive Card: what Teams would render."""

from __future__ import annotations

import base64

from bot.teams.cards import reply_card
from bot.teams.submissions import parse_submission
from handlers.messages import Button, Image, InputField, InputRequest, Reply, ReplyField
from tests.adapters.teams_activities import actions


def test_health_colour_is_a_tinted_container_with_a_word():
    card = reply_card(Reply(text="Jane Doe: balance 1", kind="balance", color="red"))
    [container] = card["body"]
    assert container["type"] == "Container"
    assert container["style"] == "attention"
    assert [i["text"] for i in container["items"]] == ["Jane Doe: balance 1", "Health: at risk"]


def test_fields_become_a_factset_and_the_chart_an_inline_image():
    png = b"\x89PNG\r\n\x1a\nfake"
    reply = Reply(
        text="Jane",
        fields=(ReplyField("Balance", "3"),),
        image=Image(png, alt="Balance over 90 days"),
    )
    body = reply_card(reply)["body"]
    assert body[1] == {"type": "FactSet", "facts": [{"title": "Balance", "value": "3"}]}
    image = body[2]
    assert image["type"] == "Image" and image["altText"] == "Balance over 90 days"
    assert base64.b64decode(image["url"].removeprefix("data:image/png;base64,")) == png


def test_buttons_carry_action_id_and_value_and_wrap_into_rows():
    buttons = tuple(Button(f"B{i}", "note.contact", f"7:{i}") for i in range(7))
    buttons += (Button("Discard", "note.discard", "7", style="danger"),)
    card = reply_card(Reply(text="Who?", buttons=buttons))
    rows = [e for e in card["body"] if e["type"] == "ActionSet"]
    assert [len(r["actions"]) for r in rows] == [5, 3]
    assert actions(card)[0]["data"] == {"action_id": "note.contact", "value": "7:0"}
    assert actions(card)[-1]["style"] == "destructive"
    assert parse_submission(actions(card)[-1]["data"]).action_id == "note.discard"


def test_form_inputs_are_validated_on_the_client_too():
    request = InputRequest(
        "Log a note",
        "form.log",
        (
            InputField("sign", "Credit or debit", kind="choice", options=("credit", "debit")),
            InputField("points", "Points", kind="number", initial="1"),
            InputField("note", "What happened", kind="multiline"),
            InputField("when", "When", optional=True),
        ),
    )
    card = reply_card(Reply(text="Log a note", kind="form", input_request=request))
    inputs = {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}
    assert inputs["field.sign"]["type"] == "Input.ChoiceSet"
    assert [c["value"] for c in inputs["field.sign"]["choices"]] == ["credit", "debit"]
    assert inputs["field.points"]["type"] == "Input.Number"
    assert inputs["field.points"]["value"] == 1
    assert inputs["field.note"]["isMultiline"] is True
    assert inputs["field.note"]["errorMessage"] == "What happened is required."
    assert "isRequired" not in inputs["field.when"]
    [save] = card["actions"]
    submitted = parse_submission({**save["data"], "field.note": "x", "field.points": 2})
    assert submitted.action_id == "form.log"
    assert submitted.values == {"note": "x", "points": "2"}
    assert [f.name for f in submitted.form.fields] == ["sign", "points", "note", "when"]


def test_error_reply_is_marked_clearly():
    [block] = reply_card(Reply(text="No contact called Jane.", kind="error"))["body"]
    assert block["text"] == "⚠ No contact called Jane."
    assert block["color"] == "attention"


def test_a_card_too_big_for_teams_is_shortened_and_keeps_its_buttons():
    from bot.teams.card_size import MAX_CARD_BYTES, SHORTENED, fit, size_of

    lines = "\n".join(
        f"2026-11-{i % 28 + 1:02d} · Ana · +1 · " + "long note " * 300 for i in range(100)
    )
    reply = Reply(
        text="Jane Doe: last 100 entries\n" + lines,
        buttons=(Button("Profile", "show", "profile:1"),),
    )
    card = reply_card(reply)
    assert size_of(card) > MAX_CARD_BYTES
    fitted = fit(card)
    assert size_of(fitted) <= MAX_CARD_BYTES + 200
    assert fitted["body"][0]["text"] == "Jane Doe: last 100 entries"
    assert any(e.get("text") == SHORTENED for e in fitted["body"])
    assert [a["title"] for a in actions(fitted)] == ["Profile"]
    assert fit(reply_card(Reply(text="small"))) == reply_card(Reply(text="small"))
