"""The Teams activity handler under botbuilder's TestAdapter, over the real core and database."""

from __future__ import annotations

import asyncio

from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity
from sqlalchemy import select

from bot.teams.bot import RelcapTeamsBot
from storage.models import ConversationAddress, LedgerEntry, User
from tests.adapters.teams_activities import (
    TENANT,
    actions,
    button,
    card_of,
    execute_invoke,
    members_added,
    message,
    texts,
)


class Harness:
    def __init__(self, core) -> None:
        self.adapter = TestAdapter(RelcapTeamsBot(core, backoff=()).on_turn)

    def send(self, body: dict) -> list[Activity]:
        """Deliver one activity; the activities the bot sent back."""
        self.adapter.activity_buffer.clear()
        asyncio.run(self.adapter.receive_activity(Activity().deserialize(body)))
        return list(self.adapter.activity_buffer)

    def card(self, body: dict) -> dict:
        sent = self.send(body)
        assert len(sent) == 1, sent
        return card_of(sent[0])


def entries(session_factory) -> list[LedgerEntry]:
    with session_factory() as session:
        return list(session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)))


def test_note_is_recorded_and_answered_with_a_card(core, session_factory):
    card = Harness(core).card(message("+2 Jane Doe (Acme): delivered the migration early"))
    assert texts(card)[0].startswith("Credit +2 → Jane Doe (Acme). Balance 2")
    assert [e.amount for e in entries(session_factory)] == [2]
    assert {a["title"] for a in actions(card)} >= {"Undo"}


def test_rep_timezone_and_address_are_stored(core, session_factory):
    Harness(core).card(message("balance", timezone="Europe/Berlin"))
    with session_factory() as session:
        user = session.scalars(select(User)).one()
        address = session.scalars(select(ConversationAddress)).one()
    assert user.timezone == "Europe/Berlin"
    assert address.platform == "teams"
    assert address.address["serviceUrl"] == "https://smba.trafficmanager.net/amer/"
    assert address.address["conversation"]["tenantID"] == TENANT


def test_an_unknown_timezone_is_ignored(core, session_factory):
    Harness(core).card(message("balance", timezone="Mars/Olympus"))
    with session_factory() as session:
        assert session.scalars(select(User)).one().timezone is None


def test_install_greets_with_a_how_to_and_stores_the_address(core, session_factory):
    card = Harness(core).card(members_added())
    assert "relationship account" in texts(card)[0]
    assert any("+2 Jane Doe" in line for line in texts(card))
    with session_factory() as session:
        assert session.scalars(select(ConversationAddress)).one() is not None


def test_someone_else_joining_a_team_or_group_chat_is_not_greeted(core):
    harness = Harness(core)
    for scope in ("groupChat", "channel"):
        joined = members_added()
        joined["conversation"] = {"conversationType": scope, "id": f"19:{scope}@thread.v2"}
        joined["membersAdded"] = [{"id": "29:new-colleague", "name": "New Colleague"}]
        assert harness.send(joined) == [], scope
        # The bot itself added there (with others, as when a chat is created): one greeting.
        joined["membersAdded"].append({"id": joined["recipient"]["id"]})
        [greeting] = harness.send(joined)
        assert "relationship account" in texts(card_of(greeting))[0]


def test_button_press_updates_the_card_it_came_from(core, session_factory):
    harness = Harness(core)
    recorded = harness.card(message("+2 Jane Doe: sent the case study", activity_id="a1"))
    undo = button(recorded, "Undo")
    sent = harness.send(message(value=undo["data"], activity_id="a2", reply_to_id="card-1"))
    assert sent == []
    updated = harness.adapter.updated_activities[-1]
    assert updated.id == "card-1"
    assert texts(card_of(updated))[0].startswith("Undone: +2 Jane Doe")
    assert sum(e.amount for e in entries(session_factory)) == 0


def test_log_form_rejects_a_bad_submission_with_the_error_and_keeps_the_values(core):
    harness = Harness(core)
    form = harness.card(message("log", activity_id="a1"))
    inputs = {e["id"]: e for e in form["body"] if e["type"].startswith("Input.")}
    assert set(inputs) == {
        "field.contact",
        "field.sign",
        "field.points",
        "field.note",
        "field.when",
    }
    assert inputs["field.note"]["isRequired"] is True
    save = button(form, "Save")
    submitted = {**save["data"], "field.contact": "Jane Doe", "field.sign": "credit"}
    submitted["field.points"] = "99"
    harness.send(message(value=submitted, activity_id="a2", reply_to_id="form-1"))
    shown = harness.adapter.updated_activities[-1]
    assert shown.id == "form-1"
    again = card_of(shown)
    assert any(t.startswith("⚠ Points are whole numbers") for t in texts(again))
    values = {e["id"]: e.get("value") for e in again["body"] if e["type"].startswith("Input.")}
    assert values["field.contact"] == "Jane Doe"
    assert values["field.points"] == 99


def test_log_form_submission_records_the_note(core, session_factory):
    harness = Harness(core)
    save = button(harness.card(message("log", activity_id="a1")), "Save")
    submitted = {
        **save["data"],
        "field.contact": "Jane Doe",
        "field.sign": "debit",
        "field.points": "1",
        "field.note": "missed the report deadline",
    }
    harness.send(message(value=submitted, activity_id="a2", reply_to_id="form-1"))
    assert [(e.amount, e.note) for e in entries(session_factory)] == [
        (-1, "missed the report deadline")
    ]
    assert texts(card_of(harness.adapter.updated_activities[-1]))[0].startswith("Debit −1")


def test_fact_form_field_named_value_does_not_clash(core):
    harness = Harness(core)
    harness.card(message("contact add Jane Doe (Acme)", activity_id="a0"))
    save = button(harness.card(message("fact", activity_id="a1")), "Save")
    submitted = {
        **save["data"],
        "field.contact": "Jane Doe",
        "field.key": "career",
        "field.value": "wants to run ops for EMEA",
    }
    harness.send(message(value=submitted, activity_id="a2", reply_to_id="form-1"))
    answer = texts(card_of(harness.adapter.updated_activities[-1]))
    assert not answer[0].startswith("⚠"), answer


def test_action_execute_answers_with_an_invoke_response(core, session_factory):
    harness = Harness(core)
    recorded = harness.card(message("+2 Jane Doe: sent the case study", activity_id="a1"))
    sent = harness.send(execute_invoke(button(recorded, "Undo")["data"], activity_id="a2"))
    invoke_response = next(a for a in sent if a.type == "invokeResponse").value
    assert invoke_response.status == 200
    assert invoke_response.body["type"] == "application/vnd.microsoft.card.adaptive"
    assert sum(e.amount for e in entries(session_factory)) == 0


def test_empty_message_gets_a_clear_answer(core):
    card = Harness(core).card(message(None))
    assert texts(card)[0].startswith("⚠ I read text and card buttons only")


def test_unknown_card_data_gets_a_clear_answer(core):
    card = Harness(core).card(message(None, value={"property": "propertyValue"}))
    assert texts(card)[0] == "⚠ That card is out of date; run the command again."


def test_huge_text_is_refused_without_saving(core, session_factory):
    card = Harness(core).card(message("+1 Jane Doe: " + "x" * 20_000))
    assert "20,013 characters" in texts(card)[0]
    assert entries(session_factory) == []


def test_message_without_tenant_is_refused(core, session_factory):
    card = Harness(core).card(message("+1 Jane Doe: hi", tenant=None))
    assert "Microsoft Teams organisation" in texts(card)[0]
    assert entries(session_factory) == []


def test_the_stored_address_changes_only_when_the_rep_can_be_reached_elsewhere(
    core, session_factory, clock
):
    harness = Harness(core)

    def updated_at():
        with session_factory() as session:
            return session.scalars(select(ConversationAddress)).one().updated_at

    harness.card(message("help", activity_id="a1"))
    first = updated_at()
    clock.advance(hours=1)
    harness.card(message("help", activity_id="a2"))
    assert updated_at() == first
    clock.advance(hours=1)
    harness.card(message("help", activity_id="a3", service_url="https://smba.example/emea/"))
    assert updated_at() > first
