"""Where a reply goes in Slack: a new message, an update of the pressed one, or a DM."""

from __future__ import annotations

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import message
from handlers.messages import Reply


async def post(
    client: AsyncWebClient, channel: str, reply: Reply, thread_ts: str | None = None
) -> None:
    """A new message; `channel` may be a user id, which Slack reads as the app's DM."""
    await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message(reply))


async def answer_press(
    client: AsyncWebClient,
    respond: AsyncRespond | None,
    container: dict,
    user_id: str,
    reply: Reply,
) -> None:
    """The answer to a button press on a message.

    A reply that asks to replace the original updates the pressed message (an
    ephemeral one can only be replaced through its response_url). Errors, e.g. a
    second click on a button already used, go to the presser alone and leave the
    message as the first click made it.
    """
    ephemeral = bool(container.get("is_ephemeral"))
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if reply.replaces_original and not reply.is_error:
        if ephemeral and respond is not None:
            await respond(replace_original=True, **message(reply))
        elif channel and ts:
            await client.chat_update(channel=channel, ts=ts, **message(reply))
        else:
            await post(client, user_id, reply)
        return
    if respond is not None:
        await respond(response_type="ephemeral", replace_original=False, **message(reply))
    elif reply.is_error and channel:
        await client.chat_postEphemeral(channel=channel, user=user_id, **message(reply))
    else:
        await post(client, channel or user_id, reply)
