"""Activities POSTed to /api/messages on the real app; replies land on a fake connector."""

from __future__ import annotations

import asyncio
import json
import logging

from sqlalchemy import select

from bot.teams.activities import address_of
from handlers.messages import Reply, WorkspaceRef
from handlers.ports import DeliveryError
from storage.models import ConversationAddress, LedgerEntry, Workspace
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
from tests.adapters.teams_server import settings_for, teams_server

EXECUTE = "adaptive_card_execute_invoke.json"


def run(scenario) -> None:
    asyncio.run(scenario())


def entries(app) -> list[LedgerEntry]:
    with app.session_factory() as session:
        return list(session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)))


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
            assert texts(body["value"])[0].startswith("Undone")

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


def test_proactive_message_reaches_the_stored_address(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            await served.post(message("help", service_url=served.connector.url))
            with served.app.session_factory() as session:
                stored = session.scalars(select(ConversationAddress)).one().address
            nudge = Reply(text="What does Jane want her next job to be?", kind="nudge")
            ws = WorkspaceRef("teams", TENANT)
            await served.endpoint.sender.send(ws, "megan", stored, nudge)
            last = served.connector.calls[-1]
            assert last.method == "POST"
            assert last.conversation_id == stored["conversation"]["id"]
            assert texts(card_of(last.body)) == ["What does Jane want her next job to be?"]

    run(scenario)


BAD_BODIES = [
    ("not json", b"{nope", 400),
    ("a list", b"[1, 2]", 400),
    ("no type", b'{"text": "hi"}', 400),
    ("unknown type", b'{"type": "bogus"}', 400),
    ("mistyped field", b'{"type": "message", "from": "me"}', 400),
]


def test_bad_requests_get_a_4xx_never_a_500(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            for what, raw, status in BAD_BODIES:
                response = await served.client.post(
                    "/api/messages", data=raw, headers={"Content-Type": "application/json"}
                )
                assert response.status == status, what
                assert "error" in await response.json(), what
            no_service_url = message("+1 Jane Doe: hi")
            no_service_url.pop("serviceUrl")
            assert (await served.post(no_service_url)).status == 400
            huge = await served.client.post("/api/messages", data=b"x" * (2 * 1024 * 1024))
            assert huge.status == 413
            typing = message(None, service_url=served.connector.url)
            typing["type"] = "typing"
            assert (await served.post(typing)).status == 201
            assert served.connector.calls == []
            assert entries(served.app) == []

    run(scenario)


def test_activity_without_text_or_value_gets_a_clear_reply(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            empty = message(None, service_url=served.connector.url)
            assert (await served.post(empty)).status == 201
            answer = texts(card_of(served.connector.sent[-1]))[0]
            assert answer.startswith("⚠ I read text and card buttons only")

    run(scenario)


def test_huge_text_gets_a_clear_reply_and_saves_nothing(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            huge = message("+1 Jane Doe: " + "x" * 50_000, service_url=served.connector.url)
            assert (await served.post(huge)).status == 201
            assert "I read at most" in texts(card_of(served.connector.sent[-1]))[0]
            assert entries(served.app) == []

    run(scenario)


def test_a_failed_reply_is_retried_and_logged(db_url, tmp_path, clock, caplog):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            served.connector.fail_next = 1
            note = message("+2 Jane Doe: delivered early", service_url=served.connector.url)
            with caplog.at_level(logging.WARNING, logger="bot.teams.delivery"):
                assert (await served.post(note)).status == 201
            assert served.connector.failures == 1
            assert len(served.connector.sent) == 1
            assert "retrying" in caplog.text and "HTTP 503" in caplog.text
            assert [e.amount for e in entries(served.app)] == [2]

    run(scenario)


def test_a_reply_that_keeps_failing_is_logged_and_the_note_stays_saved(
    db_url, tmp_path, clock, caplog
):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            served.connector.fail_next = 100
            note = message("+2 Jane Doe: delivered early", service_url=served.connector.url)
            with caplog.at_level(logging.WARNING, logger="bot.teams.delivery"):
                assert (await served.post(note)).status == 201
            assert served.connector.failures == 3  # the first try and two retries
            assert "failed after 3 attempt(s)" in caplog.text
            assert [e.amount for e in entries(served.app)] == [2]
            # Teams redelivers; the saved note is answered, not recorded twice.
            served.connector.fail_next = 0
            assert (await served.post(note)).status == 201
            assert [e.amount for e in entries(served.app)] == [2]
            assert len(served.connector.sent) == 1

    run(scenario)


def test_with_an_app_id_a_request_without_a_token_gets_401(db_url, tmp_path, clock):
    settings = settings_for(
        db_url,
        tmp_path,
        MICROSOFT_APP_ID="00000000-0000-0000-0000-000000000001",
        MICROSOFT_APP_PASSWORD="secret",
        teams_emulator=False,
    )

    async def scenario():
        async with teams_server(settings, clock) as served:
            note = message("+2 Jane Doe: delivered early", service_url=served.connector.url)
            assert (await served.post(note)).status == 401
            not_a_jwt = {"Authorization": "Bearer not-a-jwt"}
            assert (await served.post(note, headers=not_a_jwt)).status == 401
            bad_json = await served.client.post("/api/messages", data=b"{nope")
            assert bad_json.status == 401
            assert served.connector.calls == []
            assert entries(served.app) == []

    run(scenario)


def test_without_app_id_or_emulator_mode_the_endpoint_is_off(db_url, tmp_path, clock):
    async def scenario():
        settings = settings_for(db_url, tmp_path, teams_emulator=False)
        async with teams_server(settings, clock) as served:
            assert served.endpoint is None
            note = message("+2 Jane Doe: delivered early", service_url=served.connector.url)
            assert (await served.post(note)).status == 404
            assert entries(served.app) == []

    run(scenario)


def test_emulator_mode_says_so_in_the_log(db_url, tmp_path, clock, caplog):
    async def scenario():
        with caplog.at_level(logging.WARNING, logger="bot.teams.http"):
            async with teams_server(settings_for(db_url, tmp_path), clock):
                pass
        assert "UNAUTHENTICATED" in caplog.text

    run(scenario)


def test_stored_address_keeps_the_tenant_for_proactive_sends():
    from botbuilder.schema import Activity

    address = address_of(Activity().deserialize(message("hi")))
    assert address["conversation"]["tenantID"] == TENANT


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
            save = button(card_of(served.connector.sent[-1]), "Save")["data"]
            data = {**save, "field.contact": "Jane Doe", "field.sign": "maybe"}
            response = await served.post(execute_invoke(data, activity_id="x2", service_url=url))
            assert response.status == 200
            card = (await response.json())["value"]
            assert "⚠ Choose credit or debit." in texts(card)
            assert entries(served.app) == []

    run(scenario)


def test_serve_refuses_teams_settings_that_cannot_work(tmp_path):
    from click.testing import CliRunner

    from bot.cli import main

    env = {
        "RELCAP_HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'relcap.db'}",
        "MICROSOFT_APP_ID": "00000000-0000-0000-0000-000000000001",
        "MICROSOFT_APP_PASSWORD": "secret",
        "MICROSOFT_APP_TYPE": "SingleTenant",
        "MICROSOFT_APP_TENANT_ID": "",
    }
    result = CliRunner().invoke(main, ["serve"], env=env)
    assert result.exit_code == 1
    assert "SingleTenant needs MICROSOFT_APP_TENANT_ID" in result.output
    assert "Traceback" not in result.output


def test_a_failing_turn_is_answered_in_one_line_not_a_500(tmp_path, clock, caplog):
    db_url = f"sqlite:///{tmp_path / 'broken.db'}"

    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            # A real failure: the ledger table is gone under the running app.
            with served.app.engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE ledger_entries")
            note = message("+2 Jane Doe: delivered early", service_url=served.connector.url)
            with caplog.at_level(logging.ERROR, logger="bot.teams.adapter"):
                assert (await served.post(note)).status == 201
            answer = texts(card_of(served.connector.sent[-1]))[0]
            assert answer.startswith("⚠ Something went wrong on my side")
            assert "Teams turn failed" in caplog.text

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


def test_a_proactive_send_is_retried_and_a_lasting_failure_is_reported(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            await served.post(message("help", service_url=served.connector.url))
            with served.app.session_factory() as session:
                stored = session.scalars(select(ConversationAddress)).one().address
            nudge = Reply(text="Jane has gone quiet for 40 days.", kind="nudge")
            ws = WorkspaceRef("teams", TENANT)
            sent_before = len(served.connector.sent)
            served.connector.fail_next = 1
            await served.endpoint.sender.send(ws, "megan", stored, nudge)
            assert len(served.connector.sent) == sent_before + 1
            served.connector.fail_next = 100
            try:
                await served.endpoint.sender.send(ws, "megan", stored, nudge)
            except DeliveryError as exc:
                assert "failed" in str(exc)
            else:
                raise AssertionError("a lasting failure must raise DeliveryError")
            # Nothing else reached the rep (no apology for a message they never asked for).
            assert len(served.connector.sent) == sent_before + 1

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
            body = served.connector.sent[-1]
            assert len(json.dumps(body).encode()) < 28_000
            assert texts(card_of(body))[0].startswith("Jane Doe: last 12 entries")

    run(scenario)
