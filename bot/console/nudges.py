"""The console's share of the scheduler: `relcap shell` runs a pass on start and shows
what is due, then every button of every message as one numbered list of choices, a line
per message, each line naming the contact it is about."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.app import App
from bot.console.render import render
from bot.console.sender import ConsoleSender
from handlers.messages import Reply

TITLE = {
    "nudge": "Question about {}",
    "promise_check": "Promise to {}",
    "meeting": "Meeting with {}",
}
UNTITLED = {"nudge": "Question", "promise_check": "Promise", "digest": "Digest"}


def show_due_nudges(app: App, shell) -> int:
    """Deliver this console's due messages into the shell; the number shown."""
    app.core.remember_address(shell.workspace, shell.user, "console", {})
    shown: list[tuple[str, Reply]] = []
    sender = ConsoleSender(lambda user, reply: shown.append((user, reply)))
    asyncio.run(app.nudge_pass({"console": sender}).run())
    # Meeting prompts from the calendars already read; reading them is `serve`'s job.
    asyncio.run(app.calendar_pass({"console": sender}).run(poll=False))
    mine: list[Reply] = []
    for user, reply in shown:
        header = "" if user == shell.user.external_id else f"(for {user}) "
        shell.say(header + render(replace(reply, buttons=())))
        if user == shell.user.external_id and reply.buttons:
            mine.append(reply)
    if mine:
        shell.say(choices_text(mine))
        shell.choices = tuple(button for reply in mine for button in reply.buttons)
    return len(shown)


def title(reply: Reply) -> str:
    """`Question about Jane Doe (Acme)`; a message stored without a subject keeps its kind."""
    if reply.subject and reply.kind in TITLE:
        return TITLE[reply.kind].format(reply.subject)
    return reply.subject or UNTITLED.get(reply.kind, "Message")


def choices_text(replies: list[Reply]) -> str:
    lines, number = ["Answer with a number:"], 1
    for reply in replies:
        picks = "  ".join(f"[{n}] {b.label}" for n, b in enumerate(reply.buttons, start=number))
        lines.append(f"  {title(reply)}: {picks}")
        number += len(reply.buttons)
    return "\n".join(lines)
