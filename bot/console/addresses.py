"""The console's addresses: the rep at the keyboard, or a named local outbox (`#sales`)
that stands in for a shared channel: its messages are shown under that name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from handlers.ports import Address, Channel, ChannelRefused, DeliveryError

OUTBOX_NAME = re.compile(r"^#?([a-z0-9][a-z0-9._-]{0,79})$")


@dataclass(frozen=True)
class ConsoleAddress:
    outbox: str | None = None  # None: the rep's own terminal

    @property
    def label(self) -> str:
        return f"#{self.outbox}" if self.outbox else ""


class ConsoleAddressing:
    platform = "console"
    channel_hint = "#sales"

    def parse_channel(self, typed: str, known: Sequence[Channel] = ()) -> Channel:
        match = OUTBOX_NAME.match(typed.strip().lower())
        if not match:
            raise ChannelRefused(
                f"“{typed[:40]}” is not a channel name: use letters, digits, dots, dashes "
                "or underscores, like #sales."
            )
        address = ConsoleAddress(match[1])
        return Channel(self.encode(address), address.label, None)

    def encode(self, address: ConsoleAddress) -> Address:
        return {"outbox": address.outbox} if address.outbox else {}

    def decode(self, stored: Address, user_external_id: str) -> ConsoleAddress:
        if not isinstance(stored, dict):
            raise DeliveryError(f"no usable console address for {user_external_id}")
        outbox = stored.get("outbox")
        if outbox is not None and not (isinstance(outbox, str) and OUTBOX_NAME.match(outbox)):
            raise DeliveryError(f"no usable console outbox {outbox!r}")
        return ConsoleAddress(outbox)
