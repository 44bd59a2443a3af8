"""Reply → outgoing Activity (an Adaptive Card attachment), and Universal Action answers."""

from __future__ import annotations

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment, ConversationReference

from bot.teams.card_size import ENVELOPE_BYTES, MAX_PAYLOAD_BYTES, fit, payload_bytes
from bot.teams.cards import CONTENT_TYPE

MESSAGE_CONTENT_TYPE = "application/vnd.microsoft.activity.message"
ERROR_CONTENT_TYPE = "application/vnd.microsoft.error"


def card_activity(
    card: dict,
    summary: str,
    activity_id: str | None = None,
    reference: ConversationReference | None = None,
) -> Activity:
    """A message carrying one card; `summary` is what notifications and screen readers show.

    The card is fitted to what the whole activity may weigh; with the `reference` it is
    sent in, the envelope is measured as sent, else room is kept for it."""
    attachment = Attachment(content_type=CONTENT_TYPE, content={})
    activity = Activity(
        type=ActivityTypes.message,
        id=activity_id,
        summary=summary[:200],
        attachments=[attachment],
    )
    envelope = ENVELOPE_BYTES
    if reference is not None:
        TurnContext.apply_conversation_reference(activity, reference)
        envelope = 0
    around = payload_bytes(activity.serialize()) - payload_bytes({})
    attachment.content = fit(card, MAX_PAYLOAD_BYTES - around - envelope)
    return activity


def card_response(card: dict) -> InvokeResponse:
    """Action.Execute: the card the rep pressed is replaced by this one."""
    body = {"statusCode": 200, "type": CONTENT_TYPE, "value": {}}
    body["value"] = fit(card, MAX_PAYLOAD_BYTES - payload_bytes(body) + payload_bytes({}))
    return InvokeResponse(status=200, body=body)


def message_response(text: str) -> InvokeResponse:
    """Action.Execute: the pressed card stays; Teams shows `text` briefly."""
    return InvokeResponse(
        status=200, body={"statusCode": 200, "type": MESSAGE_CONTENT_TYPE, "value": text}
    )


def failed_response(message: str) -> InvokeResponse:
    """Action.Execute the core refused: the pressed card stays and Teams shows `message`
    as the error (the Universal Actions error answer: HTTP 200, statusCode 400 inside)."""
    return InvokeResponse(
        status=200,
        body={
            "statusCode": 400,
            "type": ERROR_CONTENT_TYPE,
            "value": {"code": "400", "message": message},
        },
    )


def error_response(status: int, message: str) -> InvokeResponse:
    """An invoke that is not ours to answer (wrong name, no data, automatic refresh)."""
    return InvokeResponse(
        status=status,
        body={
            "statusCode": status,
            "type": ERROR_CONTENT_TYPE,
            "value": {"code": "BadRequest", "message": message},
        },
    )
