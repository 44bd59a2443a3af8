"""Options and counts typed into commands: `--shared` wherever a rep puts it, other
`--words` refused, and a negative `history` count refused, each leaving data unchanged."""

from __future__ import annotations

import pytest


def _family(rep) -> str:
    return {f.label: f.value for f in rep.say("profile Jane Doe").fields}["Personal · Family"]


@pytest.mark.parametrize(
    "typed",
    [
        "fact Jane Doe family: two kids, Mia and Leo --shared",
        "fact Jane Doe family: two kids, Mia and Leo --share",
        "fact Jane Doe --shared family: two kids, Mia and Leo",
        "fact --share Jane Doe family: two kids, Mia and Leo",
        "fact Jane Doe family --SHARED: two kids, Mia and Leo",
        "fact Jane Doe family: --shared two kids, Mia and Leo",
    ],
)
def test_shared_works_wherever_it_is_typed(ana, ben, typed):
    ana.say("+1 Jane Doe: a")
    reply = ana.say(typed)
    assert reply.kind == "fact", reply.text
    assert "Jane Doe · Family: two kids, Mia and Leo (visible to everyone" in reply.text
    assert _family(ben).startswith("two kids, Mia and Leo (today")
    assert ana.say("contacts").text.count("Jane Doe") == 1  # no "Jane Doe --shared" contact


def test_without_the_flag_a_personal_fact_stays_private(ana, ben):
    ana.say("+1 Jane Doe: a")
    assert "(visible to only you)" in ana.say("fact Jane Doe family: two kids").text
    assert _family(ben) == "unknown"


def test_an_unknown_option_is_refused_and_nothing_is_saved(ana):
    ana.say("+1 Jane Doe: a")
    reply = ana.say("fact Jane Doe --public family: two kids")
    assert reply.is_error
    assert "Unknown option “--public”" in reply.text and "--shared" in reply.text
    assert _family(ana) == "unknown"


def test_an_option_in_a_note_is_refused_not_made_into_a_name(ana):
    reply = ana.say("+1 Jane Doe --shared: met for lunch")
    assert reply.is_error
    assert "“--shared” is not part of a name" in reply.text
    assert ana.say("contacts").text == "No contacts yet."


@pytest.mark.parametrize("count", ["-5", "−5"])
def test_a_negative_history_count_is_refused(ana, count):
    for n in range(1, 8):
        ana.say(f"+1 Jane Doe: note {n}")
    reply = ana.say(f"history Jane Doe {count}")
    assert reply.is_error
    assert reply.text == "A count can't be negative: `history Jane Doe 5` shows the last 5."
    assert ana.say("history Jane Doe 5").text.startswith("Jane Doe: last 5 entries")


def test_a_contact_whose_name_ends_in_a_minus_number_still_has_a_history(ana):
    ana.say("+1 Unit -5: hello")
    assert ana.say("history Unit -5").text.startswith("Unit -5: last 1 entry,")
