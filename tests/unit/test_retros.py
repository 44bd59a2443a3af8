"""Retrospective items: recorded with date and who heard them, responded to and resolved
by that rep only, a #made-it-right credit offered on resolving, open ones shown."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from handlers.digests.weekly import digest_message
from handlers.profile.question_bank import QuestionBank
from storage.erase import erase_contact
from storage.models import Contact, LedgerEntry
from storage.stages.models import FeedbackItem
from storage.unit_of_work import UnitOfWork


def _fields(reply):
    return {f.label: f.value for f in reply.fields}


def _items(session_factory):
    with session_factory() as session:
        return [
            (r.id, r.status, r.text, r.response)
            for r in session.scalars(select(FeedbackItem).order_by(FeedbackItem.id))
        ]


def test_an_item_goes_open_responded_resolved_and_offers_a_credit(ana, clock, session_factory):
    ana.say("+2 Jane Doe (Acme): go-live went well")
    reply = ana.say("retro Jane Doe: the weekly report arrives too late")
    assert reply.text.startswith("Retrospective item #1 for Acme from Jane Doe")
    assert "Open retrospective items" in _fields(ana.say("balance Jane Doe"))
    clock.advance(days=2)
    ana.say("retro respond 1: we moved it to Monday 9:00")
    assert _items(session_factory) == [
        (1, "responded", "the weekly report arrives too late", "we moved it to Monday 9:00")
    ]
    listed = _fields(ana.say("retro Acme"))["Open retrospective items"]
    assert "#1 · responded ·" in listed and "→ we moved it to Monday 9:00" in listed
    resolved = ana.say("retro resolve 1")
    assert "Item #1 resolved" in resolved.text and "#made-it-right" in resolved.text
    booked = ana.press("Book +2 for Jane Doe")
    assert booked.text.startswith("Credit +2 → Jane Doe (Acme)")
    with session_factory() as session:
        entry = session.scalars(select(LedgerEntry).order_by(LedgerEntry.id.desc())).first()
        assert (entry.amount, entry.category) == (2, "made-it-right")
    assert _items(session_factory)[0][1] == "resolved"
    assert "Open retrospective items" not in _fields(ana.say("balance Jane Doe"))


def test_an_account_item_shows_on_each_contacts_balance_and_in_the_digest(
    ana, clock, core, session_factory
):
    ana.say("+2 Jane Doe (Acme): call")
    ana.say("+1 Li Wei (Acme): lunch")
    ana.say("retro Acme: onboarding docs were out of date")
    for name in ("Jane Doe", "Li Wei"):
        assert "onboarding docs" in _fields(ana.say(f"balance {name}"))["Open retrospective items"]
    with UnitOfWork(session_factory, core.policy.half_life_days) as uow:
        user_id = uow.bind(1).feedback.get(1).heard_by_id
        digest = digest_message(
            uow, user_id, clock.now.date(), clock.now, core.policy, QuestionBank()
        )
    assert "onboarding docs were out of date" in _fields(digest)["Open retrospective items"]


@pytest.mark.parametrize(
    "typed, says",
    [
        ("retro respond 9: done", "There is no retrospective item #9"),
        ("retro resolve 9", "There is no retrospective item #9"),
        ("retro respond x: done", "Give the item's number"),
        ("retro respond 1", "Write it as: retro respond 4:"),
        ("retro Acmee: late", "Did you mean Acme?"),
        ("retro Acme:", "Write it as:"),
    ],
)
def test_bad_retro_input_changes_nothing(ana, session_factory, typed, says):
    ana.say("+2 Jane Doe (Acme): call")
    ana.say("retro Acme: late reports")
    before = _items(session_factory)
    assert says in ana.say(typed).text
    assert _items(session_factory) == before


def test_another_reps_item_is_not_theirs_to_respond_to(ana, ben, session_factory):
    ana.say("+2 Jane Doe (Acme): call")
    ana.say("retro Acme: late reports")
    before = _items(session_factory)
    for typed in ("retro respond 1: fixed", "retro resolve 1"):
        assert "is not yours" in ben.say(typed).text
    assert _items(session_factory) == before


def test_items_are_erased_with_their_contact(ana, session_factory, clock):
    ana.say("+2 Jane Doe (Acme): call")
    ana.say("retro Jane Doe: late reports")
    with session_factory() as session:
        jane = session.scalar(select(Contact).where(Contact.name == "Jane Doe"))
        counts = erase_contact(session, jane.workspace_id, jane.id, "test", clock.now)
        session.commit()
        assert counts["retrospective items"] == 1
        assert session.scalar(select(func.count()).select_from(FeedbackItem)) == 0


def test_export_carries_stages_and_items(ana, session_factory, policy, clock, tmp_path):
    import csv
    import io
    import json

    from bot.export import write_json, write_tables

    ana.say("+2 Jane Doe (Acme): call")
    ana.say("stage Acme engaged")
    ana.say("retro Jane Doe: late reports")
    out = io.StringIO()
    with session_factory() as session:
        write_json(session, out, policy, clock(), bank=QuestionBank())
        written = write_tables(session, tmp_path / "tables")
    workspace = json.loads(out.getvalue())["workspaces"][0]
    assert workspace["contacts"][0]["stage"] == "engaged"
    assert [r["stage"] for r in workspace["stage_changes"]] == ["engaged"]
    assert [r["text"] for r in workspace["feedback_items"]] == ["late reports"]
    assert {"stage_changes.csv", "feedback_items.csv"} <= set(written)
    with (tmp_path / "tables" / "feedback_items.csv").open(encoding="utf-8") as handle:
        assert [r["status"] for r in csv.DictReader(handle)] == ["open"]


def test_a_redelivered_retro_is_saved_once(ana, session_factory):
    ana.say("+2 Jane Doe (Acme): call")
    first = ana.say("retro Acme: late reports", key="Ev-9")
    again = ana.say("retro Acme: late reports", key="Ev-9")
    assert again.text == first.text
    assert [i[0] for i in _items(session_factory)] == [1]
