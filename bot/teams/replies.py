"""Reply → outgoing Activity (an Adaptive Card attachment), and Universal Action answers."""

from __future__ import annotations

from botbuilder.core import InvokeResponse
from botbuilder.schema import Activity, ActivityTypes, Attachment

from bot.teams.card_size import fit
from bot.teams.cards import CONTENT_TYPE

MESSAGE_CONTENT_TYPE = "application/vnd.microsoft.activity.message"
ERROR_CONTENT_TYPE = "application/vnd.microsoft.error"


def card_activity(card: dict, summary: str, activity_id: str | None = None) -> Activity:
    """A message carrying one card; `summary` is what notifications and screen readers show."""
    return Activity(
        type=ActivityTypes.message,
        id=activity_id,
        summary=summary[:200],
        attachments=[Attachment(content_type=CONTENT_TYPE, content=fit(card))],
    )


def card_response(card: dict) -> InvokeResponse:
    """Action.Execute: the card the rep pressed is replaced by this one."""
    return InvokeResponse(
        status=200, body={"statusCode": 200, "type": CONTENT_TYPE, "value": fit(card)}
    )


def message_response(text: str) -> InvokeResponse:
    """Action.Execute: the pressed card stays; Teams shows `text` briefly."""
    return InvokeResponse(
        status=200, body={"statusCode": 200, "type": MESSAGE_CONTENT_TYPE, "value": text}
    )


def error_response(status: int, message: str) -> InvokeResponse:
    return InvokeResponse(
        status=status,
        body={
            "statusCode": status,
            "type": ERROR_CONTENT_TYPE,
            "value": {"code": "BadRequest", "message": message},
        },
    )
