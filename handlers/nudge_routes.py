"""The commands and buttons of nudges and promises, merged into the router's tables."""

from __future__ import annotations

from handlers import nudge_message, nudges, promise_offer, promises
from handlers.nudge_prefs import nudges_command
from handlers.team_digest import digest_command

NUDGE_COMMANDS = {
    "nudges": nudges_command,
    "promise": promises.promise_command,
    "promises": promises.promises_command,
    "answer": nudges.answer_command,
    "digest": digest_command,
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
