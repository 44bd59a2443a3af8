"""A neutral Reply as a Block Kit message: text section, fields, buttons, colour."""

from __future__ import annotations

from handlers.messages import Button, Reply

SECTION_MAX = 3000  # Slack's limit on a section's text
FIELD_MAX = 2000
FIELDS_PER_SECTION = 10
BUTTON_LABEL_MAX = 75
BUTTONS_PER_BLOCK = 25
COLOR_MARK = {
    "green": ":large_green_circle:",
    "yellow": ":large_yellow_circle:",
    "red": ":red_circle:",
}
# Slack wants action ids unique within a block, while the core may give several buttons
# the same one (pick among contacts); a suffix keeps them apart and is removed on return.
INDEX_MARK = "#"


def escape(text: str) -> str:
    """Slack's mrkdwn control characters; everything else passes as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chunks(text: str, size: int) -> list[str]:
    """Whole lines packed into pieces of at most `size` characters (long lines are cut)."""
    pieces = [
        line[i : i + size] for line in text.split("\n") for i in range(0, len(line) or 1, size)
    ]
    chunks: list[str] = []
    for piece in pieces:
        if chunks and len(chunks[-1]) + 1 + len(piece) <= size:
            chunks[-1] += "\n" + piece
        else:
            chunks.append(piece)
    return [chunk if chunk.strip() else " " for chunk in chunks] or [" "]


def section(text: str) -> list[dict]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in _chunks(text, SECTION_MAX)
    ]


def button(item: Button, index: int) -> dict:
    element = {
        "type": "button",
        "text": {"type": "plain_text", "text": item.label[:BUTTON_LABEL_MAX], "emoji": True},
        "action_id": f"{item.action_id}{INDEX_MARK}{index}",
        "value": item.value,
    }
    if item.style in ("primary", "danger"):
        element["style"] = item.style
    return element


def action_id_of(slack_action_id: str) -> str:
    """The core's action id of a button this module rendered."""
    return slack_action_id.rsplit(INDEX_MARK, 1)[0]


def buttons(items: tuple[Button, ...] | list[Button], block_id: str = "relcap") -> list[dict]:
    elements = [button(item, index) for index, item in enumerate(items)]
    return [
        {
            "type": "actions",
            "block_id": f"{block_id}.{n}",
            "elements": elements[start : start + BUTTONS_PER_BLOCK],
        }
        for n, start in enumerate(range(0, len(elements), BUTTONS_PER_BLOCK))
    ]


def _fields(reply: Reply) -> list[dict]:
    if not reply.fields:
        return []
    if reply.kind == "help":  # examples read best as one list
        lines = [f"`{escape(f.label)}`  {escape(f.value)}" for f in reply.fields]
        return section("\n".join(lines))
    items = [
        {"type": "mrkdwn", "text": f"*{escape(f.label)}*\n{escape(f.value)}"[:FIELD_MAX]}
        for f in reply.fields
    ]
    return [
        {"type": "section", "fields": items[start : start + FIELDS_PER_SECTION]}
        for start in range(0, len(items), FIELDS_PER_SECTION)
    ]


def fallback_text(reply: Reply) -> str:
    """The plain text Slack shows in notifications and to screen readers."""
    return ("⚠ " if reply.is_error else "") + reply.text[:SECTION_MAX]


def message_blocks(reply: Reply) -> list[dict]:
    text = escape(reply.text)
    blocks = section(f":warning: {text}" if reply.is_error else text)
    blocks += _fields(reply)
    if reply.color in COLOR_MARK:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": f"{COLOR_MARK[reply.color]} health {reply.color}"}
                ],
            }
        )
    if reply.buttons:
        blocks += buttons(reply.buttons)
    return blocks


def message(reply: Reply) -> dict:
    """Keyword arguments for chat.postMessage / chat.update / a response_url."""
    return {"text": fallback_text(reply), "blocks": message_blocks(reply)}
