"""How a feedback item reads, wherever it is shown (account, balance, digest)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from handlers.formatting import shorten

if TYPE_CHECKING:
    from storage.stages.models import FeedbackItem

SHOWN = 8


def item_line(item: FeedbackItem, who: str, tz: ZoneInfo, now: datetime) -> str:
    """ "#4 · open · 12 Nov (Sam): onboarding docs were out of date → we rewrote them" """
    heard = item.heard_at.astimezone(tz)
    line = f"#{item.id} · {item.status} · {heard:%d %b} ({who}): {shorten(item.text, 120)}"
    if item.response:
        line += f" → {shorten(item.response, 80)}"
    return line


def items_text(rows: list[tuple[FeedbackItem, str]], tz: ZoneInfo, now: datetime) -> str:
    lines = [item_line(item, who, tz, now) for item, who in rows[:SHOWN]]
    if len(rows) > SHOWN:
        lines.append(f"…and {len(rows) - SHOWN} more (`retro <account>` lists them).")
    return "\n".join(lines)


def open_items_text(items) -> str:
    """The situation's open retrospective items (handlers.advice.situation), as lines."""
    lines = [
        f"{item.text} · {item.when:%d %b}" + (f" ({item.who})" if item.who else "")
        for item in items[:SHOWN]
    ]
    if len(items) > SHOWN:
        lines.append(f"…and {len(items) - SHOWN} more (`retro <account>` lists them).")
    return "\n".join(lines)
