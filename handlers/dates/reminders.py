"""Which dates come up for a rep on a given morning, and the reminder they get.

A date is reminded once per occurrence, from `remind_days` before it until the day
itself (so a weekend or a pause does not lose it); only to a rep who may see it (a
personal date not shared: the rep who recorded it) and who holds the contact or
recorded the date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import prompts
from handlers import actions
from handlers.dates.calendar import DateKey, date_keys, in_days, next_occurrence, shown
from handlers.formatting import plural
from handlers.messages import Button, Reply, ReplyField

if TYPE_CHECKING:
    from storage.nudges.inputs import DatedFactRow

REASON = "date"


@dataclass(frozen=True)
class Upcoming:
    fact: DatedFactRow
    date_key: DateKey
    occurrence: date

    @property
    def slot(self) -> str:
        """Once per contact, date key and occurrence (a re-recorded date is not re-sent)."""
        index = list(date_keys()).index(self.date_key.key)
        return f"date:{self.fact.contact_id}:{index}:{self.occurrence:%Y%m%d}"


def _visible(fact: DatedFactRow, user_id: int, held: set[int]) -> bool:
    if fact.side == "personal" and not fact.shared and fact.recorded_by_id != user_id:
        return False
    return fact.contact_id in held or fact.recorded_by_id == user_id


def upcoming(
    facts: Sequence[DatedFactRow], user_id: int, held: set[int], today: date
) -> list[Upcoming]:
    """The dates this rep is to be reminded of today, soonest first (facts oldest first:
    the newest visible one per contact and key is current)."""
    keys = date_keys()
    current: dict[tuple[int, str], DatedFactRow] = {}
    for fact in facts:
        if fact.key in keys and _visible(fact, user_id, held):
            current[(fact.contact_id, fact.key)] = fact
    found = []
    for fact in current.values():
        date_key = keys[fact.key]
        occurrence = next_occurrence(fact.value, date_key, today)
        if occurrence is not None and (occurrence - today).days <= date_key.remind_days:
            found.append(Upcoming(fact, date_key, occurrence))
    return sorted(found, key=lambda u: (u.occurrence, u.fact.contact_name.casefold()))


def reminder_message(item: Upcoming, today: date) -> Reply:
    texts = prompts.load("dates")
    fact = item.fact
    label = f"{fact.contact_name} ({fact.company})" if fact.company else fact.contact_name
    when = in_days(item.occurrence, today)
    text = texts["reminder"].format(
        label=item.date_key.label,
        name=label,
        when=when,
        hint=texts["hints"][item.date_key.side],
    )
    private = fact.side == "personal" and not fact.shared
    fields = [
        ReplyField("Date", shown(fact.value)),
        ReplyField("Reminded", f"{plural(item.date_key.remind_days, 'day')} before"),
    ]
    if private:
        fields.append(ReplyField("Who sees it", "only you"))
    return Reply(
        text=text,
        kind="reminder",
        subject=label,
        fields=tuple(fields),
        buttons=(
            Button("Log a note", actions.DATE_NOTE, str(fact.contact_id), "primary"),
            Button("Balance", actions.SHOW, f"balance:{fact.contact_id}"),
        ),
    )
