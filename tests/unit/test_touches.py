"""Touches and attempts: what counts as hearing from them, and what an attempt leaves be."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from handlers.touches.reading import TouchReader
from storage.models import Contact, LedgerEntry


def _contact(session_factory, name="Dana Reyes"):
    with session_factory() as session:
        return session.scalars(select(Contact).where(Contact.name == name)).one()


def _fields(reply):
    return {f.label: f.value for f in reply.fields}


@pytest.mark.parametrize(
    "note, kind",
    [
        ("left a voicemail and sent an email, no reply", "attempt"),
        ("emailed the deck, still no response", "attempt"),
        ("she didn’t answer my call", "attempt"),
        ("Ghosted again after the demo", "attempt"),
        ("replied to my voicemail, wants a call Friday", "touch"),
        ("called me back after two voicemails", "touch"),
        ("delivered the migration early", "touch"),
        ("no replyable form on their site", "touch"),  # a cue is a whole word
    ],
)
def test_the_wording_says_touch_or_attempt(note, kind):
    assert TouchReader().read(note).kind == kind


def test_an_attempt_books_nothing_and_leaves_last_heard(ana, clock, session_factory):
    ana.say("+2 Dana Reyes (Acme): great kickoff call")
    clock.advance(days=61)
    first = ana.say("Dana Reyes: left a voicemail, no reply")
    assert first.text.startswith(
        "Logged an attempt (no points). Last heard from Dana Reyes 61 days ago; 1 attempt since."
    )
    assert "“voicemail”" in first.text and "“no reply”" in first.text
    assert [b.label for b in first.buttons] == ["Undo"]
    clock.advance(days=1)
    ana.say("Dana Reyes: sent the renewal quote #attempt")
    third = ana.say("Dana Reyes: emailed again, no response")
    assert "Last heard from Dana Reyes 62 days ago; 3 attempts since." in third.text
    dana = _contact(session_factory)
    assert (dana.balance, dana.credits, dana.debits) == (2, 2, 0)
    assert dana.last_touch_at == clock.now - timedelta(days=62)
    assert dana.last_attempt_at == clock.now and dana.attempts_since_touch == 3
    fields = _fields(ana.say("balance Dana Reyes"))
    assert fields["Last heard from them"] == "62 days ago"
    assert fields["Last reached out"] == "today (3 attempts since they were last heard from)"
    # Health reads last heard: recency is well below 100 although we reached out today.
    assert "recency 47 (62 of 30 days)" in fields["Health"]
    history = ana.say("history Dana Reyes").text
    assert history.count("· attempt ·") == 3


def test_an_attempt_at_the_moment_of_the_last_touch_still_waits(ana, session_factory):
    ana.say("+1 Dana Reyes: kickoff")
    reply = ana.say("Dana Reyes: voicemail, no reply")
    assert "Last heard from Dana Reyes today; 1 attempt since." in reply.text


def test_a_touch_answers_the_attempts_before_it(ana, clock, session_factory):
    ana.say("Dana Reyes: voicemail @2026-11-10")
    ana.say("Dana Reyes: no reply to my email @2026-11-12")
    assert _contact(session_factory).attempts_since_touch == 2
    ana.say("+1 Dana Reyes: she called back, all good @2026-11-11")  # between the two
    dana = _contact(session_factory)
    assert dana.attempts_since_touch == 1 and dana.balance == 1
    reply = ana.say("Dana Reyes: ghosted #attempt")
    assert "Last heard from Dana Reyes 9 days ago; 2 attempts since." in reply.text
    clock.advance(hours=1)
    ana.say("+1 Dana Reyes: lunch, they replied at last")
    assert _contact(session_factory).attempts_since_touch == 0


def test_touch_tag_and_points_override_the_wording(ana, session_factory):
    signed = ana.say("-1 Dana Reyes: missed our call, no reply from us for a week")
    assert signed.text.startswith("Debit −1")
    forced = ana.say("Dana Reyes: voicemail, then a good chat #touch")
    assert "attempt" not in forced.text.lower()
    with session_factory() as session:
        kinds = session.scalars(select(LedgerEntry.kind).order_by(LedgerEntry.id)).all()
    assert kinds == ["touch", "touch"]


@pytest.mark.parametrize(
    "note",
    [
        "+2 Dana Reyes: voicemail #attempt",
        "Dana Reyes: voicemail #attempt #promise-kept",
        "Dana Reyes: voicemail #attempt #touch",
    ],
)
def test_an_attempt_with_points_or_a_category_is_refused(ana, session_factory, note):
    reply = ana.say(note)
    assert reply.is_error
    with session_factory() as session:
        assert session.scalars(select(LedgerEntry)).all() == []
        assert session.scalars(select(Contact)).all() == []


def test_undo_an_attempt_and_redelivery(ana, clock, session_factory):
    ana.say("+1 Dana Reyes: intro call")
    clock.advance(hours=2)
    first = ana.say("Dana Reyes: voicemail", key="evt-1")
    again = ana.say("Dana Reyes: voicemail", key="evt-1")
    assert again.text.startswith("Already recorded:\nLogged an attempt")
    assert _contact(session_factory).attempts_since_touch == 1
    ana.press("Undo", first)
    dana = _contact(session_factory)
    assert (dana.attempts_since_touch, dana.last_attempt_at, dana.balance) == (0, None, 1)
    assert ana.act("entry.flip", str(_attempt_ids(session_factory)[0])).is_error


def _attempt_ids(session_factory):
    with session_factory() as session:
        return session.scalars(
            select(LedgerEntry.id).where(
                LedgerEntry.kind == "attempt", LedgerEntry.reverses_id.is_(None)
            )
        ).all()


def test_an_attempt_waits_for_the_contact_then_stays_an_attempt(ana, session_factory):
    ana.say("+1 Dana Reyes: intro call")
    asked = ana.say("Dana Reyse: voicemail, no reply")
    assert asked.kind == "pending"
    placed = ana.press("Dana Reyes", asked)
    assert placed.text.startswith("Logged an attempt (no points).")
    assert _contact(session_factory).balance == 1
