"""Logging notes through the core: signs, pending notes, buttons, undo, redelivery."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers import actions
from storage.models import Contact, LedgerEntry, PendingNote


def entries(session_factory):
    with session_factory() as session:
        return list(session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)))


def contact_named(session_factory, name):
    with session_factory() as session:
        return session.scalars(select(Contact).where(Contact.name == name)).one()


def test_credit_debit_and_balance_line(ana, session_factory):
    first = ana.say("+2 Jane Doe (Acme): delivered the migration two days early")
    assert first.kind == "recorded"
    assert first.text.startswith("Credit +2 → Jane Doe (Acme). Balance 2 · health ")
    assert "New contact Jane Doe (Acme) created." in first.text
    assert [b.label for b in first.buttons] == ["Undo"]
    second = ana.say("-1 Jane Doe: missed the Q3 report deadline")
    assert second.text.startswith("Debit −1 → Jane Doe (Acme). Balance 1 · health ")
    assert "created" not in second.text
    assert [e.amount for e in entries(session_factory)] == [2, -1]


def test_unsigned_note_is_read_from_the_wording_and_can_be_flipped(ana, session_factory):
    reply = ana.say("Jane Doe: fixed their outage in an hour")
    assert reply.text.startswith("Credit +1 → Jane Doe")
    assert "Read as a credit from fixed." in reply.text
    flipped = ana.press("Make it a debit")
    assert flipped.replaces_original
    assert flipped.text.startswith("Debit −1 → Jane Doe. Balance -1")
    amounts = [(e.amount, e.reverses_id is not None) for e in entries(session_factory)]
    assert amounts == [(1, False), (-1, True), (-1, False)]
    assert contact_named(session_factory, "Jane Doe").balance == -1


def test_negative_wording_reads_as_debit(ana):
    assert ana.say("Jane Doe: we dropped the ball on the renewal").text.startswith("Debit −1")


def test_category_decides_an_unsigned_note(ana):
    reply = ana.say("Jane Doe: call about the roadmap #missed-deadline")
    assert reply.text.startswith("Debit −1")
    assert "#missed-deadline" in reply.text


def test_unclear_wording_is_pending_until_the_rep_chooses(ana, session_factory):
    reply = ana.say("Jane Doe: had lunch")
    assert reply.kind == "pending"
    assert "Credit or debit?" in reply.text
    assert entries(session_factory) == []
    with session_factory() as session:
        pending = session.scalars(select(PendingNote)).one()
        assert (pending.status, pending.points, pending.sign) == ("open", 1, None)
    placed = ana.press("Debit")
    assert placed.text.startswith("Debit −1 → Jane Doe")
    assert [e.amount for e in entries(session_factory)] == [-1]
    again = ana.act(actions.NOTE_SIGN, f"{pending.id}:1")
    assert again.is_error and "already placed" in again.text


def test_close_name_is_not_guessed(ana, session_factory):
    ana.say("+1 Jane Doe (Acme): kickoff")
    reply = ana.say("+2 Jnae Doe: sent the deck")
    assert reply.kind == "pending"
    assert [b.label for b in reply.buttons] == [
        "Jane Doe (Acme)",
        "Create new “Jnae Doe”",
        "Discard",
    ]
    assert len(entries(session_factory)) == 1
    placed = ana.press("Jane Doe (Acme)")
    assert placed.text.startswith("Credit +2 → Jane Doe (Acme). Balance 3")
    assert placed.replaces_original


def test_create_new_from_a_close_match_then_ask_sign(ana, session_factory):
    ana.say("+1 Jane Doe: kickoff")
    ana.say("Jnae Doe: met at the conference")
    asked = ana.press("Create new")
    assert "Credit or debit?" in asked.text and "New contact Jnae Doe created." in asked.text
    done = ana.press("Credit")
    assert done.text.startswith("Credit +1 → Jnae Doe. Balance 1")


def test_discard_keeps_ledger_untouched(ana, session_factory):
    ana.say("+1 Jane Doe: kickoff")
    ana.say("+1 Jnae Doe: typo")
    assert "Discarded" in ana.press("Discard").text
    assert len(entries(session_factory)) == 1
    with session_factory() as session:
        assert session.scalars(select(PendingNote.status)).one() == "discarded"


def test_company_picks_between_same_names(ana):
    ana.say("+1 Jane Doe (Acme): a")
    ana.say("contact add Jane Doe (Globex)")
    assert ana.say("+1 Jane Doe (Globex): b").text.startswith("Credit +1 → Jane Doe (Globex)")
    ambiguous = ana.say("+1 Jane Doe: c")
    assert ambiguous.kind == "pending"
    assert {b.label for b in ambiguous.buttons} >= {"Jane Doe (Acme)", "Jane Doe (Globex)"}


def test_company_is_set_on_a_contact_that_had_none(ana, session_factory):
    ana.say("+1 Jane Doe: a")
    ana.say("+1 Jane Doe (Acme): b")
    assert contact_named(session_factory, "Jane Doe").company == "Acme"


def test_alias_and_email_match_exactly(ana):
    ana.say("contact add Jane Doe (Acme) jane@acme.example")
    ana.say("contact alias Jane Doe as JD")
    assert ana.say("+1 jd: alias works").text.startswith("Credit +1 → Jane Doe (Acme)")
    assert ana.say("+1 JANE@ACME.EXAMPLE: email works").text.startswith(
        "Credit +1 → Jane Doe (Acme). Balance 2"
    )


def test_undo_twice_reverses_the_one_before(ana, session_factory):
    ana.say("+2 Jane Doe: a")
    ana.say("+3 Jane Doe: b")
    assert ana.say("undo").text.startswith("Undone: +3 Jane Doe")
    assert ana.say("undo").text.startswith("Undone: +2 Jane Doe")
    assert "Nothing of yours to undo" in ana.say("undo").text
    rows = entries(session_factory)
    assert [e.amount for e in rows] == [2, 3, -3, -2]
    assert rows[2].reverses_id == rows[1].id and rows[3].reverses_id == rows[0].id
    contact = contact_named(session_factory, "Jane Doe")
    assert (contact.balance, contact.entry_count, contact.last_touch_at) == (0, 0, None)


def test_only_the_author_can_undo(ana, ben, session_factory):
    reply = ana.say("+2 Jane Doe: a")
    undo = next(b for b in reply.buttons if b.label == "Undo")
    refused = ben.act(undo.action_id, undo.value)
    assert refused.is_error and "Only the author" in refused.text
    assert "Nothing of yours to undo" in ben.say("undo").text
    assert [e.amount for e in entries(session_factory)] == [2]


def test_undo_button_removes_a_contact_the_note_created(ana, session_factory):
    ana.say("+1 Jnae Doe: typo")
    reply = ana.press("Undo")
    assert "Removed the new contact Jnae Doe" in reply.text
    assert contact_named(session_factory, "Jnae Doe").archived_at is not None
    assert ana.say("contacts").text == "No contacts yet."


def test_redelivery_returns_the_saved_entry(ana, session_factory):
    first = ana.say("+2 Jane Doe: delivered", key="Ev123")
    again = ana.say("+2 Jane Doe: delivered", key="Ev123")
    assert again.text.startswith("Already recorded:\nCredit +2 → Jane Doe. Balance 2")
    assert first.kind == again.kind == "recorded"
    assert len(entries(session_factory)) == 1


def test_redelivered_pending_note_is_not_saved_twice(ana, session_factory):
    ana.say("Jane Doe: had lunch", key="Ev9")
    again = ana.say("Jane Doe: had lunch", key="Ev9")
    assert "Already saved as pending" in again.text
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(PendingNote)) == 1


def test_when_dates_the_interaction(ana, session_factory, clock):
    reply = ana.say("+1 Jane Doe: lunch @2026-11-03")
    assert "Dated Tue 2026-11-03." in reply.text
    assert entries(session_factory)[0].occurred_at.date().isoformat() == "2026-11-03"


def test_trade_nouns_do_not_tip_the_reading(ana):
    for text in (
        "Jane Doe: we were late with the security questionnaire",
        "Jane Doe: they escalated the support backlog to their VP",
        "Jane Doe: we missed the deadline for the security questionnaire",
    ):
        assert ana.say(text).text.startswith("Debit −1"), text
