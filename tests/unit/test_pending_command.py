"""`pending`: notes saved as pending stay in view, with their buttons, until placed."""

from __future__ import annotations

from datetime import timedelta

from handlers import actions
from handlers.digests.weekly import digest_message
from handlers.messages import ActionEvent, IncomingMessage, UserRef, WorkspaceRef
from storage.unit_of_work import UnitOfWork

WS = WorkspaceRef("console", "local")
ME = UserRef("u1", "Uma")
OTHER = UserRef("u2", "Olaf")


def say(core, text, user=ME):
    return core.handle_message(IncomingMessage(WS, user, text))


def press(core, button, user=ME):
    return core.handle_action(ActionEvent(WS, user, button.action_id, button.value))


def test_nothing_pending_says_so(core):
    assert "No notes are waiting" in say(core, "pending").text


def test_an_unclear_note_is_listed_with_its_sign_buttons_and_placed_from_there(core):
    say(core, "+1 Jane Doe: intro call")
    unclear = say(core, "Jane Doe: we talked about the roadmap")
    assert unclear.kind == "pending"

    listed = say(core, "pending")

    assert listed.text.startswith("1 note waiting for a choice")
    assert any("roadmap" in f.value and "credit or debit?" in f.value for f in listed.fields)
    credit = next(
        b for b in listed.buttons if b.action_id == actions.NOTE_SIGN and "Credit" in b.label
    )
    placed = press(core, credit)
    assert not placed.is_error
    assert "No notes are waiting" in say(core, "pending").text


def test_a_close_name_is_listed_with_its_contact_choices(core):
    say(core, "+1 Jane Doe: intro call")
    say(core, "+2 Jnae Doe: sent the deck")

    listed = say(core, "pending")

    assert any("which contact?" in f.value for f in listed.fields)
    assert any(b.action_id == actions.NOTE_CONTACT for b in listed.buttons)


def test_pending_is_the_reps_own_and_counted_in_the_digest_and_overview(core, session_factory):
    say(core, "+1 Jane Doe: intro call")
    say(core, "Jane Doe: we talked about the roadmap")

    assert "No notes are waiting" in say(core, "pending", user=OTHER).text
    overview = say(core, "accounts")
    assert any(f.label == "Waiting for a choice" for f in overview.fields)
    with UnitOfWork(session_factory) as uow:
        _ws, rep, _new = uow.resolve(
            core.identities, "console", "local", "u1", "Uma", None, core.clock()
        )
        now = core.clock()
        digest = digest_message(
            uow, rep.id, now.date(), now + timedelta(hours=1), core.policy, core.services.questions
        )
    assert any(f.label == "Waiting for a choice" and f.value.startswith("1") for f in digest.fields)


def test_a_note_about_a_contact_called_pending_is_still_a_note(core):
    reply = say(core, "Pending Labs: delivered the migration early, they were delighted")
    assert "Pending Labs" in reply.text
    assert "waiting for a choice" not in reply.text
