"""Reply → Adaptive Card: what Teams would render."""

from __future__ import annotations

import base64
import io
import json
import random

from PIL import Image as PILImage

from bot.teams.card_size import SHORTENED, fit, payload_bytes
from bot.teams.cards import reply_card
from bot.teams.submissions import parse_submission
from handlers.messages import Button, Image, InputField, InputRequest, Reply, ReplyField
from tests.adapters.card_schema import assert_valid_card
from tests.adapters.teams_activities import actions, texts


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
    lines = "\n".join(
        f"2026-11-{i % 28 + 1:02d} · Ana · +1 · " + "long note " * 300 for i in range(100)
    )
    reply = Reply(
        text="Jane Doe: last 100 entries\n" + lines,
        buttons=(Button("Profile", "show", "profile:1"),),
    )
    card = reply_card(reply)
    assert payload_bytes(card) > 20_000
    fitted = assert_valid_card(fit(card, 20_000))
    assert payload_bytes(fitted) <= 20_000
    assert fitted["body"][0]["text"] == "Jane Doe: last 100 entries"
    assert texts(fitted)[-1] == SHORTENED
    assert [a["title"] for a in actions(fitted)] == ["Profile"]


def test_a_card_that_fits_is_left_alone():
    card = reply_card(Reply(text="small\nline two"))
    assert fit(card, payload_bytes(card)) is card


def test_non_ascii_text_is_measured_as_sent_escaped():
    card = reply_card(Reply(text="Crédit 🎉"))
    # botbuilder sends "\u00e9" and a surrogate pair "\ud83c\udf89": 6 bytes a unit.
    assert payload_bytes(card) == len(json.dumps(card, ensure_ascii=False).encode()) + 4 + 8


def test_an_oversized_chart_is_recompressed_not_cut():
    picture = _noisy_png(400, 200, colours=40)
    card = reply_card(Reply(text="Jane: balance 3", image=Image(picture, alt="Balance chart")))
    room = payload_bytes(card) - 1_000
    fitted = assert_valid_card(fit(card, room))
    assert payload_bytes(fitted) <= room
    assert SHORTENED not in texts(fitted)
    [image] = [e for e in fitted["body"] if e["type"] == "Image"]
    shown = PILImage.open(io.BytesIO(_png_of(image)))
    assert shown.size == (400, 200)


def test_a_picture_that_cannot_shrink_enough_is_named_and_the_card_says_so():
    picture = _noisy_png(300, 300, colours=None)
    card = reply_card(Reply(text="Jane: balance 3", image=Image(picture, alt="Balance chart")))
    fitted = assert_valid_card(fit(card, 4_000))
    assert payload_bytes(fitted) <= 4_000
    assert not [e for e in fitted["body"] if e["type"] == "Image"]
    assert texts(fitted) == [
        "Jane: balance 3",
        "(Balance chart: too large to show in Teams.)",
        SHORTENED,
    ]


def test_nothing_cut_means_no_shortened_line():
    # Too big only because of its buttons, which are never dropped: nothing to cut.
    buttons = tuple(Button(f"Contact {i} " + "x" * 60, "note.contact", f"7:{i}") for i in range(60))
    card = reply_card(Reply(text="Who?", buttons=buttons))
    fitted = fit(card, payload_bytes(card) // 2)
    assert SHORTENED not in texts(fitted)
    assert len(actions(fitted)) == 60


def _noisy_png(width: int, height: int, colours: int | None) -> bytes:
    """A PNG that compresses badly: random pixels, from a few colours or from any."""
    rng = random.Random(7)
    palette = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(colours or 0)]
    image = PILImage.new("RGB", (width, height))
    image.putdata(
        [
            rng.choice(palette) if palette else tuple(rng.randrange(256) for _ in range(3))
            for _ in range(width * height)
        ]
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _png_of(image: dict) -> bytes:
    return base64.b64decode(image["url"].removeprefix("data:image/png;base64,"))
