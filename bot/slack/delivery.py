"""Where a reply goes in Slack: a new message, an update of the pressed one, or a DM."""

from __future__ import annotations

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import fallback_text, message
from handlers.messages import Reply


async def post(
    client: AsyncWebClient, channel: str, reply: Reply, thread_ts: str | None = None
) -> None:
    """A new message; `channel` may be a user id, which Slack reads as the app's DM."""
    if reply.image is not None and is_conversation(channel):
        await upload(client, channel, reply, thread_ts)
        return
    await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message(reply))


def is_conversation(channel: str) -> bool:
    """A channel, group or DM id (files need one; a user id only works for messages)."""
    return channel[:1] in ("C", "G", "D")


async def upload(
    client: AsyncWebClient, channel: str, reply: Reply, thread_ts: str | None = None
) -> None:
    """The reply's picture as a file in `channel`, with its text as the comment."""
    image = reply.image
    await client.files_upload_v2(
        channel=channel,
        file=image.data,
        filename=image.filename,
        title=image.alt[:250],
        alt_txt=image.alt[:1000],
        initial_comment=fallback_text(reply),
        thread_ts=thread_ts,
    )


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
    if reply.image is not None:
        if channel and channel.startswith("D"):  # a DM: the picture is the rep's alone
            await upload(client, channel, reply)
            return
        # In a channel a file is seen by everyone: say where to get it instead.
        reply = Reply(
            text=f"{reply.text}\nA picture here would be seen by everyone: ask me in our DM.",
            kind=reply.kind,
        )
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


async def upload_or_explain(
    client: AsyncWebClient, respond: AsyncRespond, channel: str, reply: Reply
) -> None:
    """Upload a slash command's picture; if Slack refuses (e.g. the bot is not in the
    channel), tell the rep privately what to do instead."""
    try:
        await upload(client, channel, reply)
    except SlackApiError as exc:
        reason = exc.response.get("error") if exc.response else "refused"
        await respond(
            response_type="ephemeral",
            text=f"Slack would not let me post the picture here ({reason}). "
            "Invite me to the channel, or ask me in our DM.",
        )
