"""How long a contact has been silent, in the words every reply uses."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from handlers.formatting import days_ago, plural

if TYPE_CHECKING:
    from storage.models import Contact


def _days(at: datetime | None, now: datetime) -> int | None:
    return None if at is None else max(0, (now - at).days)


def last_reached_at(contact: Contact) -> datetime | None:
    """The newest outreach of any kind: a touch or an attempt."""
    dates = [d for d in (contact.last_touch_at, contact.last_attempt_at) if d is not None]
    return max(dates, default=None)


def last_heard_text(contact: Contact, now: datetime) -> str:
    return days_ago(_days(contact.last_touch_at, now))


def last_reached_text(contact: Contact, now: datetime) -> str:
    text = days_ago(_days(last_reached_at(contact), now))
    waiting = contact.attempts_since_touch or 0
    if waiting and contact.last_touch_at is None:
        text += f" ({plural(waiting, 'attempt')}, not heard from them yet)"
    elif waiting:
        text += f" ({plural(waiting, 'attempt')} since they were last heard from)"
    return text


def silence_line(contact: Contact, now: datetime) -> str:
    """ "Last heard from Dana 61 days ago; 3 attempts since." """
    waiting = contact.attempts_since_touch or 0
    if contact.last_touch_at is None:
        return f"Not heard from {contact.name} yet; {plural(waiting, 'attempt')} so far."
    heard = days_ago(_days(contact.last_touch_at, now))
    return f"Last heard from {contact.name} {heard}; {plural(waiting, 'attempt')} since."
