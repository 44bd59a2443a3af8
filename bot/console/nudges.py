"""The console's share of the scheduler: `relcap shell` runs a pass on start and shows
what is due, with every button of every message as one numbered list of choices."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.app import App
from bot.console.render import render
from bot.console.sender import ConsoleSender
from handlers.messages import Button, Reply

PREFIX = {"nudge": "Question", "promise_check": "Promise", "digest": "Digest"}


def show_due_nudges(app: App, shell) -> int:
    """Deliver this console's due messages into the shell; the number shown."""
    app.core.remember_address(shell.workspace, shell.user, "console", {})
    shown: list[tuple[str, Reply]] = []
    sender = ConsoleSender(lambda user, reply: shown.append((user, reply)))
    asyncio.run(app.nudge_pass({"console": sender}).run())
    choices: list[Button] = []
    for user, reply in shown:
        header = "" if user == shell.user.external_id else f"(for {user}) "
        shell.say(header + render(replace(reply, buttons=())))
        if user == shell.user.external_id:
            prefix = PREFIX.get(reply.kind, "")
            choices += [replace(b, label=f"{prefix} · {b.label}") for b in reply.buttons]
    if choices:
        shell.show(Reply(text="Answer with a number:", buttons=tuple(choices)))
    return len(shown)
