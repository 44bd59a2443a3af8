"""`answer` files the text under the question the rep named, numbered or picked, never
under another contact; a late answer is still kept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.console.sender import ConsoleSender
from storage.models import Fact
from tests.unit.nudging import make_pass, tick
from tests.unit.test_typed_answers import TUESDAY_9, statuses, two_questions

JANE, BOB = 1, 2


def facts(session_factory) -> list[tuple[int, str]]:
    with session_factory() as session:
        rows = session.execute(select(Fact.contact_id, Fact.value).order_by(Fact.id))
        return [tuple(row) for row in rows]


def test_several_open_and_no_name_stores_nothing_until_picked(ana, core, clock, session_factory):
    two_questions(ana, core, clock)
    reply = ana.say("answer Gil wants to move into a regional VP role")
    assert reply.kind == "choose" and "Nothing was saved" in reply.text
    assert sorted(b.label[4:] for b in reply.buttons) == ["Bob Stone (Initech)", "Jane Doe (Acme)"]
    assert [b.label[:4] for b in reply.buttons] == ["1 · ", "2 · "]
    assert all(b.value.isdigit() for b in reply.buttons)  # ids, never the answer text
    assert facts(session_factory) == []
    assert statuses(session_factory) == {JANE: "sent", BOB: "sent"}
    form = ana.press("Jane Doe")
    assert form.kind == "form" and form.text.startswith("Jane Doe (Acme): ")


def test_named_and_numbered_answers_land_on_their_contact(ana, core, clock, session_factory):
    two_questions(ana, core, clock)
    reply = ana.say("answer jane doe: wants to run EMEA ops")
    assert reply.text.startswith("Noted for Jane Doe (Acme)"), reply.text
    assert "visible to everyone in the workspace" in reply.text or "only you" in reply.text
    assert facts(session_factory) == [(JANE, "wants to run EMEA ops")]
    # Only Bob's is open now: numbered 1, and a bare answer is his too.
    assert ana.say("answer 2 too late").is_error
    assert ana.say("answer 1 will send a written apology").text.startswith("Noted for Bob")
    assert facts(session_factory)[-1] == (BOB, "will send a written apology")
    assert statuses(session_factory) == {JANE: "answered", BOB: "answered"}


def test_a_name_without_a_question_is_refused(ana, core, clock, session_factory):
    two_questions(ana, core, clock)
    ana.say("+1 Hana Berg: intro call")
    reply = ana.say("answer Hana Berg: lives in Malmo")
    assert reply.is_error and "No question about “Hana Berg” is open" in reply.text
    assert facts(session_factory) == []


def test_with_one_open_a_bare_answer_still_answers_it(ana, core, clock, session_factory):
    two_questions(ana, core, clock)
    ana.say("skip bob")
    assert ana.say("answer she reports to the CFO: likes data").text.startswith("Noted for Jane")
    assert facts(session_factory) == [(JANE, "she reports to the CFO: likes data")]


def test_an_expired_question_still_takes_a_late_answer(ana, core, clock, session_factory):
    inbox = two_questions(ana, core, clock)
    clock.now = TUESDAY_9 + timedelta(days=3)
    tick(make_pass(core, ConsoleSender(inbox)))
    shown = statuses(session_factory)
    assert (shown[JANE], shown[BOB]) == ("expired", "expired")  # and nothing new was asked
    assert ana.say("answer 1 anything").is_error  # nothing open to number
    reply = ana.say("answer Bob Stone: apologised, credit note sent")
    assert reply.text.startswith("Noted for Bob Stone (Initech)")
    assert "after the question expired" in reply.text
    assert facts(session_factory) == [(BOB, "apologised, credit note sent")]
    assert statuses(session_factory)[BOB] == "answered"
