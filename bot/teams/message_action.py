"""The "Log to relcap" message extension action: a Teams message read for the core, and
the task module (dialog) answers.

Teams asks for the dialog with `composeExtension/fetchTask` and sends what the rep
submitted in it with `composeExtension/submitAction`; both carry the message
(`messagePayload`: its HTML body, author and `linkToMessage`).
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser

from botbuilder.core import InvokeResponse
from botbuilder.schema import Activity

from bot.teams.card_size import MAX_PAYLOAD_BYTES, fit, payload_bytes
from bot.teams.cards import CONTENT_TYPE

COMMAND_ID = "logToRelcap"  # app_package/manifest.json: composeExtensions[0].commands
FETCH_TASK = "composeExtension/fetchTask"
SUBMIT_ACTION = "composeExtension/submitAction"
TITLE = "Log to relcap"
MAX_KEY_CHARS = 255
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "blockquote"})


class _Text(HTMLParser):
    """The text a reader sees in a message body; a mention (<at>) reads "@Name"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "at":
            self.parts.append(" @")
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(body: object) -> str:
    """A message body ({"contentType", "content"}) as plain text, HTML stripped."""
    if not isinstance(body, dict):
        return ""
    content = body.get("content") if isinstance(body.get("content"), str) else ""
    if body.get("contentType") != "html":
        return content
    parser = _Text()
    parser.feed(content)
    parser.close()
    return " ".join("".join(parser.parts).replace("@ ", "@").split())


def message_payload(activity: Activity) -> dict:
    value = activity.value if isinstance(activity.value, dict) else {}
    payload = value.get("messagePayload")
    return payload if isinstance(payload, dict) else {}


def is_ours(activity: Activity) -> bool:
    value = activity.value if isinstance(activity.value, dict) else {}
    return value.get("commandId") == COMMAND_ID and value.get("commandContext") == "message"


def author_of(payload: dict) -> str:
    sender = payload.get("from") if isinstance(payload.get("from"), dict) else {}
    for kind in ("user", "application"):
        who = sender.get(kind)
        if isinstance(who, dict) and isinstance(who.get("displayName"), str):
            return who["displayName"]
    return ""


def message_values(payload: dict) -> dict[str, str]:
    """What the core prefills the log form from: {"text", "author", "link"}."""
    link = payload.get("linkToMessage")
    return {
        "text": plain_text(payload.get("body")),
        "author": author_of(payload),
        "link": link if isinstance(link, str) else "",
    }


def message_key(activity: Activity, payload: dict) -> str | None:
    """One message in a tenant: its conversation (a thread's `;messageid=` cut off, so a
    reply's menu and the root's name the same chat or channel) and its id."""
    message_id = payload.get("id")
    if not isinstance(message_id, str) or not message_id:
        return None
    conversation = (activity.conversation.id if activity.conversation else "") or ""
    key = f"teams-message:{conversation.split(';')[0]}|{message_id}"
    if len(key) > MAX_KEY_CHARS:
        key = "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key


def submitted_data(activity: Activity) -> dict:
    value = activity.value if isinstance(activity.value, dict) else {}
    data = value.get("data")
    return data if isinstance(data, dict) else {}


def task_card(card: dict) -> InvokeResponse:
    """The dialog shows `card` (the form, or what saving it did)."""
    body = {"task": {"type": "continue", "value": {"title": TITLE, "card": {}}}}
    room = MAX_PAYLOAD_BYTES - payload_bytes(body) - payload_bytes({"contentType": CONTENT_TYPE})
    body["task"]["value"]["card"] = {"contentType": CONTENT_TYPE, "content": fit(card, room)}
    return InvokeResponse(status=200, body=body)


def task_message(text: str) -> InvokeResponse:
    """The dialog shows a short message (a request that is not ours to answer)."""
    return InvokeResponse(status=200, body={"task": {"type": "message", "value": text[:500]}})
