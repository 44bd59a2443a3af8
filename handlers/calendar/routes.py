"""The command and buttons of calendars, merged into the router's tables."""

from __future__ import annotations

from handlers.calendar import answers, newcomers, prompts
from handlers.calendar.commands import calendar_command

CALENDAR_COMMANDS = {"calendar": calendar_command}

CALENDAR_ACTIONS = {
    prompts.CREDIT: answers.credit,
    prompts.DEBIT: answers.debit,
    prompts.ATTEMPT: answers.attempt,
    prompts.NOTE: answers.note,
    prompts.SKIP: answers.skip,
    prompts.NEWCOMER: newcomers.add_newcomer,
    answers.LOG_FORM: answers.submit_log,
}
