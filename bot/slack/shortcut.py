"""The "Log to relcap" message shortcut: the message read for the core (its text as a
reader sees it, its author, its permalink) and its identity, the idempotency key."""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import translate

log = logging.getLogger(__name__)

CALLBACK_ID = "log_to_relcap"  # manifest.yml: features.shortcuts
LOOKUP_SECONDS = 1.0  # all look-ups run at once, inside the trigger id's three seconds
MAX_MENTIONS = 10


def message_key(channel: str, ts: str) -> str:
    """One message in a workspace: its channel and timestamp."""
    return f"slack-message:{channel}:{ts}"


async def read_message(client: AsyncWebClient, body: dict) -> tuple[str, dict[str, str]]:
    """(idempotency key, {"text", "author", "link"}) of the shortcut's message."""
    channel = (body.get("channel") or {}).get("id") or ""
    message = body.get("message") or {}
    ts = message.get("ts") or body.get("message_ts") or ""
    raw = message.get("text") or _attachment_text(message)
    author_id = message.get("user") or ""
    ids = translate.mentioned_users(raw)[:MAX_MENTIONS]
    link, *names = await asyncio.gather(
        _permalink(client, channel, ts), *(_name(client, uid) for uid in [author_id, *ids])
    )
    author_name, mention_names = names[0], names[1:]
    author = author_name or _author_in(message) or author_id
    mentions = {uid: name for uid, name in zip(ids, mention_names, strict=True) if name}
    values = {"text": translate.plain_text(raw, mentions), "author": author, "link": link}
    return message_key(channel, ts), values


def _attachment_text(message: dict) -> str:
    """An app's message may carry its words only in legacy attachments."""
    parts = [
        a.get("text") or a.get("fallback") or ""
        for a in message.get("attachments") or ()
        if isinstance(a, dict)
    ]
    return " ".join(p for p in parts if p)


def _author_in(message: dict) -> str:
    """A bot's or an app's message names its author in the message itself."""
    profile = message.get("user_profile") or message.get("bot_profile") or {}
    return profile.get("real_name") or profile.get("name") or message.get("username") or ""


async def _permalink(client: AsyncWebClient, channel: str, ts: str) -> str:
    if not channel or not ts:
        return ""
    try:
        response = await asyncio.wait_for(
            client.chat_getPermalink(channel=channel, message_ts=ts), LOOKUP_SECONDS
        )
    except (SlackApiError, OSError, ValueError, TimeoutError) as exc:
        log.warning("chat.getPermalink %s/%s failed: %s", channel, ts, exc)
        return ""  # the form opens without the link rather than not at all
    return str(response.get("permalink") or "")


async def _name(client: AsyncWebClient, user_id: str) -> str:
    """The person's full name, as a contact would be called."""
    if not user_id:
        return ""
    try:
        response = await asyncio.wait_for(client.users_info(user=user_id), LOOKUP_SECONDS)
    except (SlackApiError, OSError, ValueError, TimeoutError) as exc:
        log.warning("users.info %s failed: %s", user_id, exc)
        return ""
    info = response.get("user") or {}
    profile = info.get("profile") or {}
    return (
        info.get("real_name")
        or profile.get("real_name")
        or profile.get("display_name")
        or info.get("name")
        or ""
    )
