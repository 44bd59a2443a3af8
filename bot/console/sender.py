"""The console's sender: scheduled messages shown in the terminal (or any callback).

The same port the Slack and Teams senders implement; the console has no network, so a
send to a valid address never fails. A message for a channel is shown under the name of
its local outbox ("#sales") instead of the rep's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from bot.console.addresses import ConsoleAddressing
from bot.console.render import render
from handlers.messages import Reply, WorkspaceRef
from handlers.ports import Address


class ConsoleSender:
    platform = "console"
    addressing = ConsoleAddressing()

    def __init__(self, show: Callable[[str, Reply], None]) -> None:
        self.show = show

    async def send(
        self, workspace: WorkspaceRef, user_external_id: str, address: Address, reply: Reply
    ) -> None:
        decoded = self.addressing.decode(address, user_external_id)
        self.show(decoded.label or user_external_id, reply)


def printing_sender(stream: TextIO) -> ConsoleSender:
    """Prints each message with whom it is for (`relcap nudge tick`)."""

    def show(user: str, reply: Reply) -> None:
        print(f"→ {user}\n{render(reply)}\n", file=stream, flush=True)

    return ConsoleSender(show)
