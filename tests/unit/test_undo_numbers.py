"""`undo` names what it reverses, asks before reversing an old entry, and `undo #<n>`
reverses one of your own entries by its `history` number."""

from __future__ import annotations

import re
from datetime import timedelta

from handlers import actions
from handlers.messages import ActionEvent, IncomingMessage, UserRef, WorkspaceRef

WS = WorkspaceRef("console", "local")
ME = UserRef("u1", "Uma")
OTHER = UserRef("u2", "Olaf")


def say(core, text, user=ME):
    return core.handle_message(IncomingMessage(WS, user, text))


def balance_of(core, name="Jane Doe"):
    return re.search(r"balance ([−-]?\d+)", say(core, f"balance {name}").text, re.I)[1]


def add_jane(core, clock) -> None:
    """Jane exists before any note (so an undo never takes the contact away too)."""
    say(core, "contact add Jane Doe")
    clock.now += timedelta(minutes=1)


def numbers(core, name="Jane Doe"):
    return [int(n) for n in re.findall(r"^#(\d+) · ", say(core, f"history {name}").text, re.M)]


def test_history_numbers_each_entry_and_undo_number_reverses_that_one(core, clock):
    add_jane(core, clock)
    say(core, "+2 Jane Doe: sent the deck")
    say(core, "+3 Jane Doe: solved their outage")
    first = min(numbers(core))

    undone = say(core, f"undo #{first}")

    assert undone.kind == "undone"
    assert "sent the deck" in undone.text and f"entry #{first}" in undone.text
    assert balance_of(core) == "3"


def test_undo_number_refuses_what_is_not_yours_gone_or_unknown(core, clock):
    add_jane(core, clock)
    say(core, "+2 Jane Doe: sent the deck", user=OTHER)
    theirs = max(numbers(core))

    assert say(core, f"undo #{theirs}").is_error
    assert say(core, "undo #99999").is_error
    assert say(core, "undo #abc").is_error
    assert balance_of(core) == "2"  # nothing changed


def test_an_entry_older_than_a_day_is_undone_only_after_confirming(core, clock):
    add_jane(core, clock)
    say(core, "+2 Jane Doe: sent the deck @2026-08-13")
    clock.now += timedelta(days=3)

    asked = say(core, "undo")

    assert asked.kind == "confirm" and "13 Aug 2026" in asked.text
    assert balance_of(core) == "2"  # asking changed nothing
    [confirm] = asked.buttons
    assert confirm.action_id == actions.ENTRY_UNDO
    done = core.handle_action(ActionEvent(WS, ME, confirm.action_id, confirm.value))
    assert done.kind == "undone"
    assert balance_of(core) == "0"


def test_a_fresh_entry_is_undone_at_once_and_named_with_its_date(core, clock):
    add_jane(core, clock)
    say(core, "+2 Jane Doe: sent the deck")

    undone = say(core, "undo")

    assert undone.kind == "undone" and "the note from" in undone.text
    assert balance_of(core) == "0"
