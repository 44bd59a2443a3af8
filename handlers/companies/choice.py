"""Asking which company a note means when the name typed is close to known ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import actions
from handlers.formatting import shorten
from handlers.messages import Button, Reply

if TYPE_CHECKING:
    from storage.models import Company, PendingNote


def ask_company(pending: PendingNote, choices: list[Company]) -> Reply:
    """The close companies as buttons, "New company …", and Discard; the note is pending."""
    buttons = [Button(c.name, actions.NOTE_COMPANY, f"{pending.id}:{c.id}") for c in choices]
    buttons.append(
        Button(f"New company “{pending.company}”", actions.NOTE_NEW_COMPANY, str(pending.id))
    )
    buttons.append(Button("Discard", actions.NOTE_DISCARD, str(pending.id), style="danger"))
    return Reply(
        text=f"Which company is “{pending.company}”? It is close to "
        + ", ".join(c.name for c in choices)
        + f". I saved the note as pending (“{shorten(pending.note)}”); "
        "pick the company or make a new one.",
        kind="pending",
        buttons=tuple(buttons),
    )
