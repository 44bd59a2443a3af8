"""Slack's addresses: a rep's DM or a channel, as stored and as typed.

No SDK import here: the core's bootstrap loads this to parse `digest channel …` even
in a process that never talks to Slack.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from handlers.ports import Address, Channel, ChannelRefused, DeliveryError

# Slack turns a #channel picked while typing into <#C0123ABC|name>; a bare id works too.
CHANNEL_LINK = re.compile(r"^<#([CG][A-Z0-9]{2,})(?:\|([^>]*))?>$")
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{6,}$")


@dataclass(frozen=True)
class SlackAddress:
    """Where chat.postMessage goes: a channel id (C…, G…, or a DM's D…), else the rep's
    user id, which Slack reads as the app's DM with them."""

    channel: str
    is_dm: bool
    team_id: str | None = None
    user_id: str | None = None

    @classmethod
    def dm(cls, team_id: str, user_id: str, channel_id: str | None) -> SlackAddress:
        return cls(channel_id or user_id, True, team_id, user_id)

    @classmethod
    def to_channel(cls, channel_id: str) -> SlackAddress:
        return cls(channel_id, False)


class SlackAddressing:
    platform = "slack"
    channel_hint = "#sales"

    def parse_channel(self, typed: str, known: Sequence[Channel] = ()) -> Channel:
        typed = typed.strip()
        link = CHANNEL_LINK.match(typed)
        if link:
            channel_id, name = link[1], (link[2] or "").strip()
        elif CHANNEL_ID.match(typed):
            channel_id, name = typed, ""
        elif typed.startswith("#"):
            raise ChannelRefused(
                f"I cannot tell which channel “{typed[:40]}” is: type # and pick the channel "
                "from Slack's list, so that it becomes a link."
            )
        else:
            raise ChannelRefused(f"“{typed[:40]}” is not a channel.")
        label = f"#{name}" if name else f"<#{channel_id}>"
        return Channel(self.encode(SlackAddress.to_channel(channel_id)), label, channel_id)

    def encode(self, address: SlackAddress) -> Address:
        if not address.is_dm:
            return {"channel_id": address.channel}
        dm_id = address.channel if address.channel != address.user_id else None
        return {"team_id": address.team_id, "user_id": address.user_id, "channel_id": dm_id}

    def decode(self, stored: Address, user_external_id: str) -> SlackAddress:
        if not isinstance(stored, dict):
            raise DeliveryError(f"no usable Slack address for {user_external_id}")
        channel = stored.get("channel_id")
        if channel is not None and not isinstance(channel, str):
            raise DeliveryError(f"no usable Slack address for {user_external_id}")
        if "user_id" in stored or not channel:  # a rep's DM (their user id if no DM id yet)
            return SlackAddress.dm(stored.get("team_id"), user_external_id, channel)
        return SlackAddress.to_channel(channel)
