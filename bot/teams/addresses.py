"""Teams' addresses: a serialized ConversationReference, of a rep's personal chat or of
a team channel the app was added to.

No botbuilder import here: the core's bootstrap loads this to parse `digest channel …`
in any process. Teams has no channel syntax a rep can type, so a channel is named by
the label stored when the app was added to its team.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handlers.ports import Address, Channel, ChannelRefused, DeliveryError

# conversation.conversationType of a team channel (else "personal" or "groupChat").
CHANNEL_TYPE = "channel"


@dataclass(frozen=True)
class TeamsAddress:
    """A ConversationReference as botbuilder serializes it; `is_channel` for a team's."""

    reference: dict
    is_channel: bool

    @property
    def conversation_id(self) -> str:
        return self.reference["conversation"]["id"]


class TeamsAddressing:
    platform = "teams"
    channel_hint = "Sales (the name of a team relcap was added to)"

    def parse_channel(self, typed: str, known: Sequence[Channel] = ()) -> Channel:
        wanted = typed.strip().lstrip("#").strip().casefold()
        if not known:
            raise ChannelRefused(
                "relcap is in no team yet: add it to a team (Apps → relcap → Add to a team), "
                "then name that team here."
            )
        for channel in known:
            if channel.label.casefold() == wanted:
                return channel
        names = ", ".join(sorted(c.label for c in known))
        raise ChannelRefused(f"relcap is in no team called “{typed[:40]}”; it is in: {names}.")

    def encode(self, address: TeamsAddress) -> Address:
        return dict(address.reference)

    def decode(self, stored: Address, user_external_id: str) -> TeamsAddress:
        conversation = stored.get("conversation") if isinstance(stored, dict) else None
        if not (
            isinstance(conversation, dict)
            and conversation.get("id")
            and isinstance(stored.get("serviceUrl"), str)
            and stored["serviceUrl"]
        ):
            raise DeliveryError(f"no usable Teams address for {user_external_id}")
        kind = conversation.get("conversationType")
        return TeamsAddress(dict(stored), is_channel=kind == CHANNEL_TYPE)
