"""A note that reads like a stage change ("signed the contract") offers the move as a
button; the stage never moves on its own."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

import prompts
from handlers.context import Ctx
from handlers.messages import Button, Reply
from handlers.stages.catalog import order
from handlers.stages.commands import MOVE
from handlers.stages.current import current_stage

if TYPE_CHECKING:
    from storage.models import Contact

LAPSED = "lapsed"


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    cues = prompts.load("stages").get("cues", {})
    return tuple(
        (stage, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I))
        for stage, phrases in cues.items()
        if phrases
    )


def read_stage(note: str) -> str | None:
    """The stage a note's wording points to; the furthest one when several match."""
    found = [stage for stage, pattern in _patterns() if pattern.search(note)]
    return max(found, key=order) if found else None


def worth_offering(current: str, suggested: str) -> bool:
    """Forward only; out of `lapsed` any move back into the relationship is forward."""
    if suggested == current:
        return False
    if current == LAPSED:
        return True
    return order(suggested) > order(current)


def offer(ctx: Ctx, contact: Contact, note: str, reply: Reply) -> Reply:
    suggested = read_stage(note)
    if suggested is None or reply.is_error:
        return reply
    if not worth_offering(current_stage(ctx, contact), suggested):
        return reply
    if contact.company_id is not None:
        label, value = contact.company, f"company:{contact.company_id}:{suggested}"
    else:
        label, value = contact.name, f"contact:{contact.id}:{suggested}"
    button = Button(f"Move {label} to {suggested}?", MOVE, value, style="primary")
    return replace(
        reply,
        text=reply.text + f"\nThis reads like a stage change: move {label} to {suggested}?",
        buttons=(*reply.buttons, button),
    )
