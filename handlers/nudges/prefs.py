"""`nudges`: show and change when the daily question arrives."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handlers.context import Ctx
from handlers.messages import Reply, ReplyField, error
from handlers.nudges.config import NudgeConfig
from handlers.nudges.schedule import DAY_NAMES, Schedule, days_text, schedule_from

USAGE = (
    "nudges time 08:30 · nudges days mon-fri (or mon,wed,fri) · nudges tz Europe/Berlin · "
    "nudges per-day 2 · nudges pause 2w (or 2026-12-24..2027-01-02) · nudges off · nudges on"
)
DURATION = re.compile(r"^(\d{1,3})\s*(d|day|days|w|wk|week|weeks)$")
TIME_24 = re.compile(r"^(\d{1,2}):(\d{2})$")
TIME_12 = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)$")


class PrefError(ValueError):
    """A value that does not parse; the message says the right form."""


def nudges_command(ctx: Ctx, rest: str) -> Reply:
    word, _, value = rest.strip().partition(" ")
    word, value = word.lower(), value.strip()
    if not word:
        return show(ctx)
    setter = SETTERS.get(word)
    if setter is None:
        return error(f"Unknown nudges setting “{word[:30]}”. Use: {USAGE}")
    row = ctx.uow.prefs.editable(ctx.user.id, ctx.now)
    try:
        setter(ctx, row, value)
    except PrefError as exc:
        return error(str(exc))
    return show(ctx, changed=True)


def current_schedule(ctx: Ctx) -> Schedule:
    prefs = ctx.uow.prefs.of(ctx.user.id)
    return schedule_from(prefs, ctx.user.timezone, ctx.policy.default_timezone)


def next_send(ctx: Ctx, schedule: Schedule):
    """What the scheduler will do next for this rep, from the same due-day rule it uses."""
    grace = NudgeConfig().grace
    due = schedule.due_days(ctx.now, grace)
    claimed = ctx.uow.nudges.claimed_slots([ctx.user.id], due) if due else set()
    return schedule.next_send(ctx.now, grace, frozenset(day for _, day, _ in claimed))


def show(ctx: Ctx, changed: bool = False) -> Reply:
    ctx.uow.flush()
    prefs = ctx.uow.prefs.of(ctx.user.id)
    schedule = current_schedule(ctx)
    zone_note = "" if prefs is not None and prefs.timezone else " (as your platform reports)"
    if not (prefs is not None and prefs.timezone) and not ctx.user.timezone:
        # The platform could not tell us (e.g. a failed users.info): nudges still go out.
        zone_note = f": timezone unknown, using {schedule.tz.key}: set it with `nudges tz …`"
    pause = "no"
    if schedule.paused_until is not None and schedule.paused_until >= schedule.local_today(ctx.now):
        pause = f"{schedule.paused_from:%Y-%m-%d} to {schedule.paused_until:%Y-%m-%d}"
    following = next_send(ctx, schedule)
    next_text = (
        "none (nudges are off)"
        if following is None
        else f"{following.astimezone(schedule.tz):%a %Y-%m-%d %H:%M} ({schedule.tz.key})"
        + (" (due now: on the next pass)" if following <= ctx.now else "")
    )
    return Reply(
        text=("Saved. " if changed else "") + f"Nudges are {'on' if schedule.enabled else 'off'}.",
        kind="nudge_prefs",
        fields=(
            ReplyField("Time", f"{schedule.send_time:%H:%M}"),
            ReplyField("Days", days_text(schedule.days)),
            ReplyField("Timezone", schedule.tz.key + zone_note),
            ReplyField("Per day", str(schedule.per_day)),
            ReplyField("Paused", pause),
            ReplyField("Next", next_text),
            ReplyField("Change", USAGE),
        ),
    )


def parse_time(text: str) -> str:
    text = text.strip().lower()
    match = TIME_24.match(text)
    if match:
        hour, minute = int(match[1]), int(match[2])
    else:
        match = TIME_12.match(text)
        if not match:
            raise PrefError(f"“{text}” is not a time. Write it as: nudges time 08:30 (24-hour).")
        hour, minute = int(match[1]) % 12, int(match[2] or 0)
        if not 1 <= int(match[1]) <= 12:
            raise PrefError(f"“{text}” is not a time. Write it as: nudges time 08:30 (24-hour).")
        hour += 12 if match[3] == "pm" else 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise PrefError(f"“{text}” is not a time. Write it as: nudges time 08:30 (24-hour).")
    return f"{hour:02d}:{minute:02d}"


def _day(word: str) -> int:
    key = word.strip().lower()[:3]
    if key not in DAY_NAMES:
        raise PrefError(
            f"“{word.strip()}” is not a day. Write e.g. nudges days mon-fri or mon,wed,fri."
        )
    return DAY_NAMES.index(key)


def parse_days(text: str) -> frozenset[int]:
    text = text.strip().lower()
    if text in ("daily", "every day", "everyday", "all"):
        return frozenset(range(7))
    if text in ("weekdays", "workdays"):
        return frozenset(range(5))
    if not text:
        raise PrefError("Name the days, e.g. nudges days mon-fri or mon,wed,fri.")
    days: set[int] = set()
    for part in re.split(r"[,\s]+", text):
        if not part:
            continue
        first, dash, last = part.partition("-")
        if dash:
            start, end = _day(first), _day(last)
            span = range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)]
            days.update(span)
        else:
            days.add(_day(first))
    return frozenset(days)


def parse_zone(text: str) -> str | None:
    text = text.strip()
    if text.lower() in ("auto", "default", "platform"):
        return None
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise PrefError(
            f"“{text}” is not a timezone. Use an IANA name, e.g. nudges tz Europe/Berlin "
            "(or nudges tz auto to follow your platform)."
        ) from None
    return text


def parse_pause(text: str, today: date) -> tuple[date, date]:
    """`2w`, `3d`, or `2026-12-24..2027-01-02` (both days included)."""
    text = text.strip().lower()
    match = DURATION.match(text)
    if match:
        count = int(match[1]) * (7 if match[2].startswith("w") else 1)
        if count < 1:
            raise PrefError("Pause for at least a day, e.g. nudges pause 2w.")
        return today, today + timedelta(days=count - 1)
    start_text, dots, end_text = text.partition("..")
    try:
        start = date.fromisoformat(start_text.strip())
        end = date.fromisoformat(end_text.strip()) if dots else start
    except ValueError:
        raise PrefError(
            f"“{text}” is not a pause. Write nudges pause 2w, nudges pause 3d "
            "or nudges pause 2026-12-24..2027-01-02."
        ) from None
    if end < start:
        raise PrefError(f"The pause ends ({end}) before it starts ({start}).")
    return start, end


def _set_time(_ctx: Ctx, row, value: str) -> None:
    row.send_time = parse_time(value)


def _set_days(_ctx: Ctx, row, value: str) -> None:
    row.days = ",".join(str(d) for d in sorted(parse_days(value)))


def _set_zone(_ctx: Ctx, row, value: str) -> None:
    row.timezone = parse_zone(value)


def _set_per_day(_ctx: Ctx, row, value: str) -> None:
    most = NudgeConfig().max_per_day
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= most:
        raise PrefError(f"Per day is a whole number from 1 to {most}, e.g. nudges per-day 2.")
    row.per_day = int(value)


def _set_pause(ctx: Ctx, row, value: str) -> None:
    if value.strip().lower() in ("off", "none", "end", "stop"):
        row.paused_from = row.paused_until = None
        return
    today = current_schedule(ctx).local_today(ctx.now)
    row.paused_from, row.paused_until = parse_pause(value, today)


def _set_enabled(enabled: bool):
    def setter(_ctx: Ctx, row, value: str) -> None:
        if value:
            raise PrefError(f"`nudges {'on' if enabled else 'off'}` takes no value.")
        row.enabled = enabled
        if enabled:
            row.paused_from = row.paused_until = None

    return setter


SETTERS = {
    "time": _set_time,
    "days": _set_days,
    "tz": _set_zone,
    "timezone": _set_zone,
    "per-day": _set_per_day,
    "perday": _set_per_day,
    "pause": _set_pause,
    "resume": lambda ctx, row, value: _set_pause(ctx, row, "off"),
    "on": _set_enabled(True),
    "off": _set_enabled(False),
}
