"""What calendars say, as data: `prompts/calendar.yaml`."""

from __future__ import annotations

import prompts


def texts() -> dict:
    return prompts.load("calendar")
