"""Which reps are due: their local send time for a day has come, within the grace window."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from handlers.nudge_config import NudgeConfig
from handlers.nudge_schedule import Schedule, schedule_from
from handlers.policy import Policy
from storage.nudge_reps import ReachableRep


@dataclass(frozen=True)
class DueRep:
    rep: ReachableRep
    schedule: Schedule
    day: date


def due_reps(
    reps: list[ReachableRep], now: datetime, policy: Policy, config: NudgeConfig
) -> list[DueRep]:
    """Reps whose local send time for a day has come, within the grace window."""
    due = []
    for rep in reps:
        schedule = schedule_from(rep.prefs, rep.timezone, policy.default_timezone)
        for day in schedule.due_days(now, config.grace):
            due.append(DueRep(rep, schedule, day))
    return due


def group_by_workspace(due: list[DueRep]) -> dict[int, list[DueRep]]:
    groups: dict[int, list[DueRep]] = defaultdict(list)
    for item in due:
        groups[item.rep.workspace_id].append(item)
    return groups
