"""The console's sender: scheduled messages shown in the terminal (or any callback).

The same port the Slack and Teams senders implement; the console has no network, so a
send never fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from bot.console.render import render
from handlers.messages import Reply, WorkspaceRef


class ConsoleSender:
    platform = "console"

    def __init__(self, show: Callable[[str, Reply], None]) -> None:
        self.show = show

    async def send(
        self, workspace: WorkspaceRef, user_external_id: str, address: dict, reply: Reply
    ) -> None:
        self.show(user_external_id, reply)


def printing_sender(stream: TextIO) -> ConsoleSender:
    """Prints each message with whom it is for (`relcap nudge tick`)."""

    def show(user: str, reply: Reply) -> None:
        print(f"→ {user}\n{render(reply)}\n", file=stream, flush=True)

    return ConsoleSender(show)
