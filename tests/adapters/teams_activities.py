"""Teams Activity shapes for the tests, built on the documented fixtures."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from tests.adapters.card_schema import assert_valid_card

FIXTURES = Path(__file__).parent / "fixtures" / "teams"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OTHER_TENANT = "bec8e231-67ad-484e-87f4-3e5438390a77"
BOT_ID = "28:c9e8c047-2a74-40a2-b28a-b162d5f5327c"


def fixture(name: str) -> dict:
    """One of the platform's documented shapes (copied from its docs into fixtures/teams)."""
    return json.loads((FIXTURES / name).read_text())


MESSAGE = fixture("message_activity.json")


def message(
    text: str | None = None,
    *,
    activity_id: str = "1485983408511",
    value: object = None,
    reply_to_id: str | None = None,
    tenant: str | None = TENANT,
    service_url: str | None = None,
    user_id: str | None = None,
    timezone: str | None = "America/Los_Angeles",
) -> dict:
    body = copy.deepcopy(MESSAGE)
    body["id"] = activity_id
    if text is None:
        body.pop("text")
    else:
        body["text"] = text
    if value is not None:
        body["value"] = value
    if reply_to_id:
        body["replyToId"] = reply_to_id
    if tenant is None:
        body.pop("channelData")
    else:
        body["channelData"] = {"tenant": {"id": tenant}}
    if service_url:
        body["serviceUrl"] = service_url
    if user_id:
        body["from"] = {"id": user_id, "name": user_id.title(), "aadObjectId": user_id}
    if timezone is None:
        body.pop("entities")
    else:
        body["entities"][0]["timezone"] = timezone
    return body


def members_added(**kwargs) -> dict:
    body = message(**kwargs)
    body.pop("text", None)
    body["type"] = "conversationUpdate"
    body["membersAdded"] = [{"id": BOT_ID}]
    return body


def execute_invoke(data: dict, **kwargs) -> dict:
    """The documented `adaptiveCard/action` invoke, with the message envelope."""
    body = message(**kwargs)
    body.pop("text", None)
    body["type"] = "invoke"
    body["name"] = "adaptiveCard/action"
    body["value"] = {
        "action": {
            "type": "Action.Execute",
            "id": "",
            "verb": data.get("action_id", ""),
            "data": data,
        },
        "trigger": "manual",
    }
    return body


def card_of(activity) -> dict:
    """The Adaptive Card an outgoing Activity (object or JSON) carries, checked against the
    official schema: every card a test looks at is one Teams would render."""
    attachments = activity["attachments"] if isinstance(activity, dict) else activity.attachments
    first = attachments[0]
    if isinstance(first, dict):
        assert first["contentType"] == "application/vnd.microsoft.card.adaptive"
        return assert_valid_card(first["content"])
    assert first.content_type == "application/vnd.microsoft.card.adaptive"
    return assert_valid_card(first.content)


def texts(card: dict) -> list[str]:
    """Every TextBlock's text, depth first."""
    found = []
    for element in card.get("body", []):
        if element.get("type") == "TextBlock":
            found.append(element["text"])
        if element.get("type") == "Container":
            found += texts({"body": element["items"]})
    return found


def actions(card: dict) -> list[dict]:
    """Every action: the card's own and those of its ActionSets."""
    found = list(card.get("actions", []))
    for element in card.get("body", []):
        if element.get("type") == "ActionSet":
            found += element["actions"]
    return found


def button(card: dict, title: str) -> dict:
    matches = [a for a in actions(card) if title.lower() in a["title"].lower()]
    assert matches, f"no button {title!r} in {[a['title'] for a in actions(card)]}"
    return matches[0]
