"""`relcap calendar import meetings.ics`: a calendar file read like a feed, once. Each
file (by name) is one calendar of the rep; importing it again replaces its meetings."""

from __future__ import annotations

from datetime import datetime

from handlers.calendar.config import CalendarConfig
from handlers.calendar.meetings import CalendarError, ReadResult, refresh
from handlers.calendar.secret import digest
from storage.unit_of_work import UnitOfWork

__all__ = ["CalendarError", "import_file"]


def import_file(
    uow: UnitOfWork,
    user_id: int,
    name: str,
    data: bytes,
    now: datetime,
    config: CalendarConfig,
    owner_email: str | None = None,
) -> ReadResult:
    """Read `data` into the rep's calendar named `name` (uow bound to their workspace);
    CalendarError, with nothing written, when it is no readable calendar."""
    key = digest(f"file:{name}")
    calendar = uow.calendars.find(user_id, key)
    if calendar is None:
        values = {
            "kind": "file",
            "url": None,
            "url_hash": key,
            "host": name[:255],
            "tail": "",
            "owner_email": owner_email,
        }
        calendar = uow.calendars.add(user_id, values, now)
    elif owner_email:
        calendar.owner_email = owner_email
    result = refresh(uow, calendar, data, now, config)
    calendar.last_polled_at, calendar.last_result = now, f"imported, {result.text()}"
    return result
