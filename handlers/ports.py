"""The neutral ports for messages the bot starts (nudges, digests): where they go, and how.

Each platform adapter owns its addresses. It parses what a rep typed to name a channel,
encodes what is stored (a Slack DM or channel id, a Teams ConversationReference, a
console outbox) and decodes it again to send. The core keeps the encoded address as an
opaque JSON object and never reads inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from handlers.messages import Reply, WorkspaceRef

# What an adapter encoded; only that platform's Addressing reads inside.
Address = dict[str, Any]


class DeliveryError(Exception):
    """A send that failed; `retry_after` (seconds) when the platform said when to retry."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ChannelRefused(ValueError):
    """What the rep typed names no channel the bot can post to; the message says why."""


@dataclass(frozen=True)
class Channel:
    """A shared channel the bot can post to.

    `label` is how replies name it ("#sales"); `scope` is the adapter's key for the
    conversation it lives in, so that removing the app there forgets the address.
    """

    address: Address
    label: str
    scope: str | None = None


class Addressing(Protocol):
    """One platform's addresses: parse a typed channel reference; encode; decode."""

    platform: str  # "slack" | "teams" | "console"
    channel_hint: str  # how a rep names a channel here, for usage lines ("#sales")

    def parse_channel(self, typed: str, known: Sequence[Channel]) -> Channel:
        """The channel `typed` names; `known` are those the adapter stored for the
        workspace (e.g. Teams channels the app was added to). Raises ChannelRefused."""
        ...

    def encode(self, address: Any) -> Address:
        """The platform's typed address as the JSON object the core stores."""
        ...

    def decode(self, stored: Address, user_external_id: str) -> Any:
        """The typed address back (a rep's DM or a channel); raises DeliveryError when
        `stored` is not one of this platform's addresses."""
        ...


class Sender(Protocol):
    platform: str  # "slack" | "teams" | "console"

    async def send(
        self, workspace: WorkspaceRef, user_external_id: str, address: Address, reply: Reply
    ) -> None:
        """Deliver `reply` to `address` (a rep's DM or a channel: the platform's Addressing
        decodes it); raise DeliveryError on failure."""
        ...
