"""A Reply as plain JSON data, so a scheduled message is stored once and resent unchanged."""

from __future__ import annotations

from handlers.messages import Button, Reply, ReplyField


def reply_to_data(reply: Reply) -> dict:
    return {
        "text": reply.text,
        "kind": reply.kind,
        "color": reply.color,
        "fields": [[f.label, f.value] for f in reply.fields],
        "buttons": [[b.label, b.action_id, b.value, b.style] for b in reply.buttons],
        "subject": reply.subject,
    }


def reply_from_data(data: dict) -> Reply:
    return Reply(
        text=data["text"],
        kind=data.get("kind", "info"),
        color=data.get("color"),
        subject=data.get("subject", ""),
        fields=tuple(ReplyField(label, value) for label, value in data.get("fields", ())),
        buttons=tuple(
            Button(label, action_id, value, style)
            for label, action_id, value, style in data.get("buttons", ())
        ),
    )
