"""The action ids the core puts on buttons, and decoding their values.

Values are opaque to adapters. They name rows by id only; every handler re-checks
workspace and author, so a tampered value can at most reach the presser's own rows.
"""

from __future__ import annotations

NOTE_SIGN = "note.sign"  # "<pending id>:<+1|-1>"
NOTE_CONTACT = "note.contact"  # "<pending id>:<contact id>"
NOTE_NEW_CONTACT = "note.new_contact"  # "<pending id>"
NOTE_DISCARD = "note.discard"  # "<pending id>"
ENTRY_FLIP = "entry.flip"  # "<entry id>"
ENTRY_UNDO = "entry.undo"  # "<entry id>"
SHOW = "show"  # "<balance|history|profile>:<contact id>"
SHOWABLE = ("balance", "history", "profile")


class BadValue(ValueError):
    """A button value that does not decode; answered as a stale or broken button."""


def ints(value: str, count: int) -> list[int]:
    parts = value.split(":")
    if len(parts) != count:
        raise BadValue(value)
    try:
        return [int(part) for part in parts]
    except ValueError as exc:
        raise BadValue(value) from exc


def show_target(value: str) -> tuple[str, int]:
    what, _, contact_id = value.partition(":")
    if what not in SHOWABLE:
        raise BadValue(value)
    return what, ints(contact_id, 1)[0]
