"""`snooze`, `skip` and `not about` typed as commands do what the buttons do, to the
question the rep names; with several open and no name, nothing happens until one is
picked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.console.sender import ConsoleSender
from tests.unit.nudging import Inbox, make_pass, nudges, reachable, tick

TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def two_questions(rep, core, clock) -> Inbox:
    rep.say("+2 Jane Doe (Acme): delivered the migration early")
    rep.say("-1 Bob Stone (Initech): missed the Q3 report deadline")
    rep.say("nudges per-day 2")
    reachable(rep)
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    assert len(inbox.of(rep.name, "nudge")) == 2
    return inbox


def statuses(session_factory) -> dict[int, str]:
    return {n.contact_id: n.status for n in nudges(session_factory) if n.kind == "question"}


def test_with_two_open_skip_asks_which_and_changes_nothing(ana, core, clock, session_factory):
    two_questions(ana, core, clock)
    before = statuses(session_factory)
    reply = ana.say("skip")
    assert reply.kind == "choose" and "2 questions are open: which one?" in reply.text
    assert sorted(b.label for b in reply.buttons) == ["Bob Stone (Initech)", "Jane Doe (Acme)"]
    assert statuses(session_factory) == before == {1: "sent", 2: "sent"}
    assert ana.press("Jane Doe").text.startswith("Skipped.")
    assert statuses(session_factory) == {1: "skipped", 2: "sent"}
    # Now only Bob's is open: a bare `skip` is about him.
    assert ana.say("skip").text.startswith("Skipped.")
    assert statuses(session_factory) == {1: "skipped", 2: "skipped"}
    assert ana.say("skip").is_error


def test_snooze_by_name_for_a_week(ana, core, clock, session_factory):
    two_questions(ana, core, clock)
    reply = ana.say("snooze bob for a week")
    until = (TUESDAY_9 + timedelta(days=7)).date()
    assert reply.text == f"Snoozed until {until:%a %d %b}: I'll ask again then."
    assert statuses(session_factory) == {1: "sent", 2: "snoozed"}
    assert ana.say("snooze Jane Doe (Acme)").text.startswith(
        f"Snoozed until {TUESDAY_9 + timedelta(days=1):%a %d %b}"
    )


def test_not_about_mutes_the_named_contact(ana, core, clock, session_factory):
    two_questions(ana, core, clock)
    reply = ana.say("not about Jane Doe")
    assert reply.text == "I won't ask you about Jane Doe (Acme) again."
    assert statuses(session_factory) == {1: "excluded", 2: "sent"}


def test_a_name_with_no_open_question_is_refused_clearly(ana, core, clock, session_factory):
    assert ana.say("skip").is_error  # nothing asked yet
    two_questions(ana, core, clock)
    reply = ana.say("not about Zed Quux")
    assert reply.is_error
    assert "No open question about “Zed Quux”" in reply.text and "Bob Stone" in reply.text
    assert ana.say("not about").is_error
    assert statuses(session_factory) == {1: "sent", 2: "sent"}


def test_several_fitting_a_name_are_offered_as_buttons(ana, core, clock, session_factory):
    two_questions(ana, core, clock)
    reply = ana.say("snooze o week")  # in both "Bob Stone" and "Jane Doe"
    assert reply.kind == "choose" and len(reply.buttons) == 2
    assert all(b.value.endswith(":week") for b in reply.buttons)
    assert statuses(session_factory) == {1: "sent", 2: "sent"}


def test_the_words_still_start_notes_and_other_lines(ana):
    for name in ("Skip Jones", "Not Labs", "snooze Co"):
        reply = ana.say(f"{name}: delivered the migration early")
        assert reply.kind == "recorded" and f"Credit +1 → {name}." in reply.text, reply.text
    assert "I don't know “not”" in ana.say("not sure what to say").text
