"""A rep's Activities POSTed to /api/messages on the real app; replies land on a fake connector."""

from __future__ import annotations

from sqlalchemy import select

from bot.teams.card_size import SHORTENED
from storage.models import ConversationAddress, Workspace
from tests.adapters.card_schema import assert_valid_card
from tests.adapters.teams_activities import (
    OTHER_TENANT,
    TENANT,
    button,
    card_of,
    execute_invoke,
    fixture,
    members_added,
    message,
    texts,
)
from tests.adapters.teams_server import entries, run, settings_for, teams_server

EXECUTE = "adaptive_card_execute_invoke.json"


def test_note_over_http_is_saved_and_answered_on_the_connector(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            note = message("+2 Jane Doe (Acme): delivered early", service_url=served.connector.url)
            response = await served.post(note)
            assert response.status == 201
            [call] = served.connector.calls
            # A reply to the rep's message, addressed to their conversation.
            assert call.conversation_id == note["conversation"]["id"]
            assert call.activity_id == note["id"]
            assert call.body["type"] == "message"
            assert call.body["recipient"]["id"] == note["from"]["id"]
            assert texts(card_of(call.body))[0].startswith("Credit +2 → Jane Doe (Acme)")
            assert [e.amount for e in entries(served.app)] == [2]

    run(scenario)


def test_the_same_activity_twice_records_one_entry(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            note = message("+2 Jane Doe: delivered early", service_url=served.connector.url)
            assert (await served.post(note)).status == 201
            assert (await served.post(note)).status == 201
            assert [e.amount for e in entries(served.app)] == [2]
            assert len(served.connector.sent) == 2  # the redelivery is answered too

    run(scenario)


def test_tenants_never_see_or_change_each_others_data(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("+2 Jane Doe: delivered early", service_url=url))
            recorded = card_of(served.connector.sent[-1])
            undo = button(recorded, "Undo")["data"]
            # The same person id in another tenant: a different workspace altogether.
            other = {"tenant": OTHER_TENANT, "service_url": url}
            await served.post(message("balance Jane Doe", activity_id="b1", **other))
            answer = texts(card_of(served.connector.sent[-1]))
            assert answer[0].startswith("⚠ No contact called “Jane Doe”")
            await served.post(message(value=undo, activity_id="b2", reply_to_id="c1", **other))
            assert texts(card_of(served.connector.sent[-1])) == ["⚠ That entry no longer exists."]
            assert [e.amount for e in entries(served.app)] == [2]
            with served.app.session_factory() as session:
                tenants = session.scalars(select(Workspace.external_id)).all()
            assert sorted(tenants) == sorted([TENANT, OTHER_TENANT])

    run(scenario)


def test_card_button_updates_the_card_it_came_from(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("+2 Jane Doe: delivered early", service_url=url))
            undo = button(card_of(served.connector.sent[-1]), "Undo")["data"]
            press = message(value=undo, activity_id="a2", reply_to_id="sent-1", service_url=url)
            assert (await served.post(press)).status == 201
            [update] = served.connector.updates
            assert update.activity_id == "sent-1"
            assert texts(card_of(update.body))[0].startswith("Undone: +2 Jane Doe")
            assert sum(e.amount for e in entries(served.app)) == 0

    run(scenario)


def test_action_execute_is_answered_in_the_invoke_response(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("+2 Jane Doe: delivered early", service_url=url))
            undo = button(card_of(served.connector.sent[-1]), "Undo")["data"]
            response = await served.post(execute_invoke(undo, activity_id="x1", service_url=url))
            assert response.status == 200
            body = await response.json()
            assert body["statusCode"] == 200
            assert body["type"] == "application/vnd.microsoft.card.adaptive"
            assert texts(assert_valid_card(body["value"]))[0].startswith("Undone")

    run(scenario)


def test_install_stores_the_address_and_greets(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            update = members_added(service_url=served.connector.url)
            assert (await served.post(update)).status == 201
            assert "relationship account" in texts(card_of(served.connector.sent[-1]))[0]
            with served.app.session_factory() as session:
                stored = session.scalars(select(ConversationAddress)).one()
            assert stored.address["serviceUrl"] == served.connector.url

    run(scenario)


def test_documented_shapes_that_are_not_ours_get_clear_answers(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            # A MessageBack press from some other card: text plus unknown data.
            submit = fixture("card_submit_message_activity.json")
            submit["serviceUrl"] = url
            assert (await served.post(submit)).status == 201
            assert texts(card_of(served.connector.sent[-1])) == [
                "⚠ That card is out of date; run the command again."
            ]
            # An automatic refresh (Action.Execute), with the message envelope.
            refresh = {**message(None, service_url=url), **fixture(EXECUTE)}
            response = await served.post(refresh)
            assert response.status == 400
            assert (await response.json())["type"] == "application/vnd.microsoft.error"
            other_invoke = {**refresh, "name": "task/fetch"}
            assert (await served.post(other_invoke)).status == 400
            assert len(served.connector.sent) == 1
            assert entries(served.app) == []

    run(scenario)


def test_a_rejected_form_in_action_execute_comes_back_with_the_error(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("log", service_url=url))
            form = card_of(served.connector.sent[-1])
            points = {e["id"]: e for e in form["body"] if e.get("id") == "field.points"}
            assert points["field.points"]["value"] == 1  # the default shows: a number
            typed = {
                "field.contact": "Jane Doe",
                "field.sign": "maybe",
                "field.points": "3",  # Teams sends what was typed as text
                "field.note": "sent the case study",
                "field.when": "yesterday",
            }
            data = {**button(form, "Save")["data"], **typed}
            response = await served.post(execute_invoke(data, activity_id="x2", service_url=url))
            assert response.status == 200
            card = assert_valid_card((await response.json())["value"])
            assert "⚠ Choose credit or debit." in texts(card)
            kept = {e["id"]: e.get("value") for e in card["body"] if e.get("id")}
            assert kept == {**typed, "field.points": 3}
            assert entries(served.app) == []

    run(scenario)


def test_when_the_card_cannot_be_updated_the_answer_comes_as_a_new_message(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("+2 Jane Doe: delivered early", service_url=url))
            undo = button(card_of(served.connector.sent[-1]), "Undo")["data"]
            served.connector.refuse_updates = True
            press = message(value=undo, activity_id="a2", reply_to_id="sent-1", service_url=url)
            assert (await served.post(press)).status == 201
            assert served.connector.updates == []
            assert texts(card_of(served.connector.sent[-1]))[0].startswith("Undone: +2 Jane Doe")

    run(scenario)


def test_installation_update_stores_the_address(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            install = message(None, service_url=served.connector.url)
            install.update(type="installationUpdate", action="add")
            assert (await served.post(install)).status == 201
            with served.app.session_factory() as session:
                assert session.scalars(select(ConversationAddress)).one() is not None
            assert served.connector.calls == []

    run(scenario)


def test_a_long_history_arrives_within_teams_message_size(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            for index in range(12):
                note = f"+1 Jane Doe: {index} " + "went through the whole plan " * 140
                await served.post(message(note, activity_id=f"n{index}", service_url=url))
            assert len(entries(served.app)) == 12
            await served.post(message("history Jane Doe 12", activity_id="h", service_url=url))
            [call] = [c for c in served.connector.calls if c.body is served.connector.sent[-1]]
            assert call.size <= 28_000  # the whole activity, as Teams counts it
            shown = texts(card_of(call.body))
            assert shown[0].startswith("Jane Doe: last 12 entries")
            assert len(shown) == 13 and SHORTENED not in shown  # nothing needed cutting

    run(scenario)


def test_a_chart_arrives_whole_within_teams_message_size(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            for index in range(40):
                sign = "+2" if index % 3 else "-1"
                note = f"{sign} Jane Doe (Acme): call {index} @{40 - index} days ago"
                await served.post(message(note, activity_id=f"n{index}", service_url=url))
            await served.post(message("chart Jane Doe", activity_id="c", service_url=url))
            call = served.connector.calls[-1]
            assert call.size <= 28_000  # was 46,740 bytes, refused by Teams
            card = card_of(call.body)
            assert texts(card) == ["Jane Doe (Acme): balance 38 over 40 entries"]
            [image] = [e for e in card["body"] if e["type"] == "Image"]
            assert image["url"].startswith("data:image/png;base64,")

    run(scenario)


def test_two_reps_whose_messages_share_an_id_each_get_their_entry(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            # Personal-chat message ids are per conversation (timestamps): they can repeat.
            ana = message(
                "+2 Jane Doe: delivered early", activity_id="1700000000000", service_url=url
            )
            ben = message(
                "-1 Jane Doe: missed the call", activity_id="1700000000000", service_url=url
            )
            ben["from"] = {"id": "29:ben", "name": "Ben", "aadObjectId": "ben-aad"}
            ben["conversation"] = {"conversationType": "personal", "id": "a:ben-chat"}
            assert (await served.post(ana)).status == 201
            assert (await served.post(ben)).status == 201
            assert sorted(e.amount for e in entries(served.app)) == [-1, 2]

    run(scenario)


def test_a_double_clicked_form_records_one_note_and_a_corrected_one_goes_through(
    db_url, tmp_path, clock
):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("log", service_url=url))
            save = button(card_of(served.connector.sent[-1]), "Save")["data"]
            fields = {"field.contact": "Jane Doe", "field.sign": "credit", "field.points": "2"}
            wrong = {**save, **fields}  # no note: rejected, nothing saved
            await served.post(
                message(value=wrong, activity_id="s1", reply_to_id="f1", service_url=url)
            )
            assert entries(served.app) == []
            right = {**wrong, "field.note": "sent the case study"}
            for activity_id in ("s2", "s3"):  # the same card, submitted twice
                submit = message(
                    value=right, activity_id=activity_id, reply_to_id="f1", service_url=url
                )
                assert (await served.post(submit)).status == 201
            assert [(e.amount, e.note) for e in entries(served.app)] == [(2, "sent the case study")]

    run(scenario)


def test_a_refused_action_execute_answers_with_the_error_not_done(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("+2 Jane Doe: delivered early", service_url=url))
            undo = button(card_of(served.connector.sent[-1]), "Undo")["data"]
            first = await served.post(execute_invoke(undo, activity_id="x1", service_url=url))
            assert (await first.json())["type"] == "application/vnd.microsoft.card.adaptive"
            again = await served.post(execute_invoke(undo, activity_id="x2", service_url=url))
            assert again.status == 200
            body = await again.json()
            assert body["statusCode"] == 400
            assert body["type"] == "application/vnd.microsoft.error"
            assert body["value"]["message"] == "That entry was already undone."
            assert len(served.connector.sent) == 1  # no second message either
            assert [e.amount for e in entries(served.app)] == [2, -2]

    run(scenario)


def test_an_action_execute_answered_in_a_new_message_says_done(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("+2 Jane Doe: delivered early", service_url=url))
            await served.post(message("balance Jane Doe", activity_id="b", service_url=url))
            history = button(card_of(served.connector.sent[-1]), "History")["data"]
            pressed = await served.post(execute_invoke(history, activity_id="x", service_url=url))
            body = await pressed.json()
            assert body == {
                "statusCode": 200,
                "type": "application/vnd.microsoft.activity.message",
                "value": "Done.",
            }
            assert texts(card_of(served.connector.sent[-1]))[0].startswith("Jane Doe: last 1")

    run(scenario)
