"""`relcap nudge tick`: one pass as of now or of a given moment."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

import click

from bot.app import App
from bot.console.sender import printing_sender
from handlers.ports import Sender


def parse_at(text: str) -> datetime:
    """An ISO time; without an offset it is read as UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not a time; write it like 2026-11-23T14:05:00Z", param_hint="--at"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def run_tick(app: App, at: datetime | None, console: bool) -> str:
    senders: dict[str, Sender] = app.senders()
    if console:
        senders["console"] = printing_sender(sys.stdout)
    report = asyncio.run(app.nudge_pass(senders).run(at))
    calendars = asyncio.run(app.calendar_pass(senders).run(at))
    return f"{report.summary()}\n{calendars.summary()}"
