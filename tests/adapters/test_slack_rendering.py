"""Every kind of Reply the core produces, as Slack gets it, passes slack-sdk's Block Kit
models; and the manifest gives Slack a URL for every interactive element we render."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.slack.http import EVENTS_PATH
from bot.slack.listeners import BOT_EVENTS
from handlers.router import COMMANDS
from tests.adapters.slack_models import assert_valid_blocks, assert_valid_view

MANIFEST = Path(__file__).parents[2] / "manifest.yml"
DM = "D024BE91L"
NOTES = (
    "+2 Jane Doe (Acme): delivered the migration early",
    "Jane Doe: talked about the roadmap",  # the sign is unclear: choice buttons
    "-1 Jane Dao: missed the call",  # a close match: pick a contact or create one
    "Jane Doe: left a voicemail, no reply",  # an attempt: no points, an Undo button
    "loyal Jane Doe unsure: a new buyer since the spring",
    "loyal Jane Doe maybe",
    "promise Jane Doe: send the deck @friday",
    "fact Jane Doe career: wants to run EMEA",
    "fact " + "no colon here " * 200,
    "https://foo.com",
    "nonsense words",
)
# Interactive elements, and where Slack sends what a rep does with them.
NEEDS = {
    "button": "interactivity",
    "static_select": "interactivity",
    "external_select": "options",
    "number_input": "interactivity",
    "plain_text_input": "interactivity",
    "datepicker": "interactivity",
}


def _elements(blocks: list[dict]):
    for block in blocks:
        if block["type"] == "actions":
            yield from block["elements"]
        if isinstance(block.get("element"), dict):
            yield block["element"]
        if isinstance(block.get("accessory"), dict):
            yield block["accessory"]


@pytest.fixture
def rendered(slack) -> dict[str, list]:
    """Drive the core through every command and kind of note; collect what Slack got."""
    for n, note in enumerate(NOTES):
        slack.event(slack.dm(note, event_id=f"Ev-{n}", ts=f"1700000000.{n:06d}"))
    answers = [slack.command(f"{word} Jane Doe").json() for word in sorted(COMMANDS)]
    answers += [slack.command(word).json() for word in sorted(COMMANDS)]
    payload = slack.dm("", event_id="Ev-home")
    payload["event"] = {"type": "app_home_opened", "user": "U2147483697", "channel": DM,
                        "tab": "home", "event_ts": "1515449522000016"}  # fmt: skip
    slack.event(payload)
    slack.fake.wait_for("views.publish")
    slack.fake.wait_for("chat.postMessage", count=len(NOTES))
    calls = slack.fake.calls
    return {
        "messages": [a["blocks"] for a in answers if a and "blocks" in a]
        + [c.args["blocks"] for c in calls if isinstance(c.args.get("blocks"), list)],
        "views": [c.args["view"] for c in calls if isinstance(c.args.get("view"), dict)],
    }


def test_every_reply_modal_and_home_tab_passes_slack_sdk_models(rendered):
    assert len(rendered["messages"]) > 2 * len(COMMANDS)
    assert {v["type"] for v in rendered["views"]} == {"modal", "home"}
    for blocks in rendered["messages"]:
        assert_valid_blocks(blocks)
    for view in rendered["views"]:
        assert_valid_view(view)


def test_the_manifest_has_a_url_for_every_interactive_element_we_render(rendered):
    manifest = yaml.safe_load(MANIFEST.read_text())
    settings = manifest["settings"]
    urls = {
        "interactivity": settings["interactivity"].get("request_url", ""),
        "options": settings["interactivity"].get("message_menu_options_url", ""),
    }
    all_blocks = rendered["messages"] + [v["blocks"] for v in rendered["views"]]
    kinds = {e["type"] for blocks in all_blocks for e in _elements(blocks)}

    assert {"button", "external_select", "static_select"} <= kinds
    assert kinds <= set(NEEDS), f"no URL known for {kinds - set(NEEDS)}"
    for kind in kinds:
        assert urls[NEEDS[kind]].endswith(EVENTS_PATH), f"{kind} needs the {NEEDS[kind]} URL"
    assert settings["interactivity"]["is_enabled"] is True
    (command,) = manifest["features"]["slash_commands"]
    assert command["url"].endswith(EVENTS_PATH)
    assert settings["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)
    declared = set(settings["event_subscriptions"]["bot_events"])
    assert declared == set(BOT_EVENTS.values())  # every event we listen to, no others
