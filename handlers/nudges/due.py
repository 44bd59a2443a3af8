"""Which reps are due: their local send time for a day has come, within the grace window."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from handlers.nudges.config import NudgeConfig
from handlers.nudges.schedule import Schedule, schedule_from
from handlers.policy import Policy
from storage.nudges.checks import NextCheck
from storage.nudges.reps import ReachableRep


@dataclass(frozen=True)
class DueRep:
    rep: ReachableRep
    schedule: Schedule
    day: date


def due_reps(
    reps: list[ReachableRep], now: datetime, policy: Policy, config: NudgeConfig
) -> list[DueRep]:
    """Reps whose local send time for a day has come, within the grace window.

    Most reps share a handful of settings and timezones: each distinct schedule is built
    and asked for its due days once per pass, not once per rep.
    """
    schedules: dict[tuple, Schedule] = {}
    days: dict[Schedule, list[date]] = {}
    due = []
    for rep in reps:
        key = (_prefs_key(rep.prefs), rep.timezone)
        schedule = schedules.get(key)
        if schedule is None:
            schedule = schedules[key] = schedule_from(
                rep.prefs, rep.timezone, policy.default_timezone
            )
        today = days.get(schedule)
        if today is None:
            today = days[schedule] = schedule.due_days(now, config.grace)
        for day in today:
            due.append(DueRep(rep, schedule, day))
    return due


def next_checks(
    reps: list[ReachableRep],
    due: list[DueRep],
    now: datetime,
    policy: Policy,
    config: NudgeConfig,
) -> list[NextCheck]:
    """For each rep the pass looked at, the next moment their schedule acts on, past the
    days this pass planned."""
    planned: dict[int, set[date]] = defaultdict(set)
    schedules: dict[int, Schedule] = {}
    for item in due:
        planned[item.rep.user_id].add(item.day)
        schedules[item.rep.user_id] = item.schedule
    checks = []
    for rep in reps:
        schedule = schedules.get(rep.user_id)
        if schedule is None:
            schedule = schedule_from(rep.prefs, rep.timezone, policy.default_timezone)
        at = schedule.next_send(now, config.grace, frozenset(planned[rep.user_id]))
        checks.append(NextCheck(rep.workspace_id, rep.user_id, rep.wakes, at))
    return checks


def _prefs_key(prefs) -> tuple | None:
    """Everything of a preferences row that shapes the schedule."""
    if prefs is None:
        return None
    return (
        prefs.send_time,
        prefs.days,
        prefs.timezone,
        prefs.per_day,
        prefs.enabled,
        prefs.paused_from,
        prefs.paused_until,
    )


def group_by_workspace(due: list[DueRep]) -> dict[int, list[DueRep]]:
    groups: dict[int, list[DueRep]] = defaultdict(list)
    for item in due:
        groups[item.rep.workspace_id].append(item)
    return groups
