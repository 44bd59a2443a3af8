"""The commands and buttons of nudges and promises, merged into the router's tables."""

from __future__ import annotations

from handlers.digests.team import digest_command
from handlers.nudges import answers as nudges
from handlers.nudges import message as nudge_message
from handlers.nudges.answer_command import answer_command
from handlers.nudges.prefs import nudges_command
from handlers.nudges.typed_choices import not_command, skip_command, snooze_command
from handlers.promises import commands as promises
from handlers.promises import offer as promise_offer

NUDGE_COMMANDS = {
    "nudges": nudges_command,
    "promise": promises.promise_command,
    "promises": promises.promises_command,
    "answer": answer_command,
    "digest": digest_command,
    "snooze": snooze_command,
    "skip": skip_command,
    "not": not_command,  # `not about <contact>`
}

NUDGE_ACTIONS = {
    nudge_message.ANSWER: nudges.answer,
    nudge_message.ANSWER_FORM: nudges.submit_answer,
    nudge_message.NOTE: nudges.log_note,
    nudge_message.SNOOZE: nudges.snooze,
    nudge_message.SKIP: nudges.skip,
    nudge_message.MUTE: nudges.mute,
    promises.KEPT: promises.kept,
    promises.MISSED: promises.missed,
    promises.MOVE: promises.move,
    promises.MOVE_FORM: promises.submit_move,
    promises.TRACK: promise_offer.track,
}
