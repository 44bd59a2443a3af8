"""Answers to situational questions show in `profile` (dated, under their own headings)
and briefly in `balance`; `fact <contact> <key>:` records each of them too."""

from __future__ import annotations

from tests.unit.test_typed_answers import TUESDAY_9, two_questions

SITUATIONAL_KEYS = ("promise-plan", "make-it-right", "loyalty", "expansion", "retrospective")


def test_fact_records_every_situational_key(ana):
    ana.say("+1 Jane Doe (Acme): kickoff")
    for key in SITUATIONAL_KEYS:
        reply = ana.say(f"fact Jane Doe {key}: said about {key}")
        assert not reply.is_error, reply.text
        assert "visible to everyone in the workspace" in reply.text
    fields = {f.label: f.value for f in ana.say("profile Jane Doe").fields}
    assert fields["Situational · Tough-call list (make it right)"].startswith(
        "said about make-it-right ("
    )
    assert fields["Situational · Competitor test"].startswith("said about loyalty")
    assert len([label for label in fields if label.startswith("Situational · ")]) == 5


def test_an_answered_situational_question_shows_in_profile_and_balance(
    ana, core, clock, session_factory
):
    two_questions(ana, core, clock)  # Bob Stone is below zero: the tough-call list
    reply = ana.say("answer Bob Stone: late report; own it; offer a free review")
    assert reply.text.startswith("Noted for Bob Stone (Initech) (make-it-right)"), reply.text
    fields = {f.label: f.value for f in ana.say("profile Bob Stone").fields}
    assert fields["Situational · Tough-call list (make it right)"] == (
        f"late report; own it; offer a free review ({TUESDAY_9:%d %b %Y}, today)"
    )
    balance = {f.label: f.value for f in ana.say("balance Bob Stone").fields}
    assert balance["Situation notes"].startswith("Tough-call list (make it right): late report")
