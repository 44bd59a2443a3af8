"""The action ids the core puts on buttons, and decoding their values.

Values are opaque to adapters. They name rows by id only; every handler re-checks
workspace and author, so a tampered value can at most reach the presser's own rows.
"""

from __future__ import annotations

NOTE_SIGN = "note.sign"  # "<pending id>:<+1|-1>"
NOTE_CONTACT = "note.contact"  # "<pending id>:<contact id>"
NOTE_NEW_CONTACT = "note.new_contact"  # "<pending id>"
NOTE_DISCARD = "note.discard"  # "<pending id>"
NOTE_COMPANY = "note.company"  # "<pending id>:<company id>"
NOTE_NEW_COMPANY = "note.new_company"  # "<pending id>"
CONTACT_COMPANY = "contact.company"  # "<contact id>:<company id>"
CONTACT_NEW_COMPANY = "contact.new_company"  # "<contact id>:<company name as typed>"
ENTRY_FLIP = "entry.flip"  # "<entry id>"
ENTRY_UNDO = "entry.undo"  # "<entry id>"
DATE_NOTE = "date.note"  # "<contact id>": a date reminder's *Log a note*
SHOW_ACCOUNT = "account.show"  # "<company id>": a company's account view
SHOW = "show"  # "<balance|history|profile|prep>:<contact id>"
SHOWABLE = ("balance", "history", "profile", "prep")


class BadValue(ValueError):
    """A button value that does not decode; answered as a stale or broken button."""


MAX_ID = 2**31 - 1  # row ids are 32-bit integers on every database we run on


def ints(value: str, count: int) -> list[int]:
    """`count` colon-separated whole numbers (negative ones allowed for signs)."""
    parts = str(value).split(":")
    if len(parts) != count:
        raise BadValue(value)
    numbers = []
    for part in parts:
        if not part.lstrip("-").isascii() or not part.lstrip("-").isdigit() or len(part) > 11:
            raise BadValue(value)
        number = int(part)
        if abs(number) > MAX_ID:
            raise BadValue(value)
        numbers.append(number)
    return numbers


def row_id(value: str) -> int | None:
    """A button value that names one row, or None. `str.isdigit()` is no such check: it
    passes "²" (int() fails) and 30-digit numbers (the database driver fails)."""
    try:
        number = ints(value, 1)[0]
    except BadValue:
        return None
    return number if number > 0 else None


def show_target(value: str) -> tuple[str, int]:
    what, _, contact_id = value.partition(":")
    if what not in SHOWABLE:
        raise BadValue(value)
    return what, ints(contact_id, 1)[0]
