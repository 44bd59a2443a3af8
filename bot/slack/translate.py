"""Slack payload fields as the core's neutral types; nothing here talks to Slack."""

from __future__ import annotations

import re

from handlers.messages import UserRef, WorkspaceRef

MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
SHARE_FLAG = "--share"


def workspace(team_id: str) -> WorkspaceRef:
    return WorkspaceRef("slack", team_id)


def user(user_id: str, timezone: str | None, display_name: str = "") -> UserRef:
    return UserRef(user_id, display_name or user_id, timezone)


def unescape(text: str) -> str:
    """Slack escapes &, < and > in message text; the core reads what the rep typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mention_text(text: str) -> str:
    """An @mention's text without the mentions themselves."""
    return unescape(" ".join(MENTION.sub(" ", text).split()))


# Slack's markup in message text: <@U…>, <#C…|name>, <!here>, <mailto:…|…>, <url|label>.
MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def mentioned_users(text: str) -> list[str]:
    """The user ids a message's text mentions, first mention first."""
    found = [m.group(1)[1:] for m in MARKUP.finditer(text) if m.group(1).startswith("@")]
    return list(dict.fromkeys(found))


def plain_text(text: str, names: dict[str, str]) -> str:
    """A message's text as a reader sees it: a mention as "@Name" (from `names`, by user
    id), a channel as "#name", an email or a link as written."""

    def readable(match: re.Match) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            name = names.get(target[1:]) or label or target[1:]
            return f"@{name}"
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        if target.startswith("!"):
            return f"@{(label or target[1:]).split('^')[0]}"
        if target.startswith("mailto:"):
            return target.removeprefix("mailto:")
        return f"{label} ({target})" if label and label != target else target

    return unescape(MARKUP.sub(readable, text))


def split_share(text: str) -> tuple[str, bool]:
    """`/relcap balance Jane --share` → ("balance Jane", True): share answers in the channel."""
    words = text.split()
    shared = SHARE_FLAG in words
    return " ".join(w for w in words if w != SHARE_FLAG), shared


def is_note_from_rep(event: dict) -> bool:
    """A rep's own new DM: no edits, deletions, joins or bot messages (ours included)."""
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool(event.get("user"))
        and bool((event.get("text") or "").strip())
    )


def is_dm_channel(channel_id: str) -> bool:
    return channel_id.startswith("D")
