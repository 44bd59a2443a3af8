"""Small text helpers shared by the replies."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.models import Contact

BAND_MARK = {"green": "🟢", "yellow": "🟡", "red": "🔴"}


def signed(value: int | float) -> str:
    if isinstance(value, float):
        value = round(value, 1) + 0.0  # no "−0.0" for a balance that has decayed to nothing
        return f"{value:+.1f}".replace("-", "−")
    return f"{value:+d}".replace("-", "−")


def contact_label(contact: Contact) -> str:
    return f"{contact.name} ({contact.company})" if contact.company else contact.name


def days_ago(days: int | None) -> str:
    if days is None:
        return "never"
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def kind_of(amount: int) -> str:
    return "Credit" if amount > 0 else "Debit"


def shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plural(count: int, noun: str) -> str:
    if count == 1:
        return f"{count} {noun}"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return f"{count} {noun[:-1]}ies"  # company → companies; day → days
    return f"{count} {noun}s"
