"""Outbound calls to the Bot Connector: retries, lasting failures, proactive messages."""

from __future__ import annotations

import logging

from sqlalchemy import select

from bot.teams.activities import address_of
from handlers.messages import Reply, WorkspaceRef
from handlers.ports import DeliveryError
from storage.models import ConversationAddress
from tests.adapters.teams_activities import (
    TENANT,
    button,
    card_of,
    message,
    texts,
)
from tests.adapters.teams_server import entries, run, settings_for, teams_server


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


def test_stored_address_keeps_the_tenant_for_proactive_sends():
    from botbuilder.schema import Activity

    address = address_of(Activity().deserialize(message("hi")))
    assert address["conversation"]["tenantID"] == TENANT


def test_an_unreachable_connector_is_logged_and_the_note_stays_saved(
    db_url, tmp_path, clock, caplog
):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/"

    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            note = message("+2 Jane Doe: delivered early", service_url=closed)
            with caplog.at_level(logging.WARNING, logger="bot.teams.delivery"):
                assert (await served.post(note)).status == 201
            assert "failed after 3 attempt(s)" in caplog.text
            assert [e.amount for e in entries(served.app)] == [2]

    run(scenario)


def test_each_attempt_is_one_request_so_retries_are_ours_alone(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            await served.post(message("+2 Jane Doe: delivered early", service_url=url))
            undo = button(card_of(served.connector.sent[-1]), "Undo")["data"]
            served.connector.fail_next = 100
            press = message(value=undo, activity_id="a2", reply_to_id="sent-1", service_url=url)
            assert (await served.post(press)).status == 201
            # Three updates (PUT), then three sends of a new message: no hidden retries
            # inside the HTTP client, which would otherwise repeat each failed PUT.
            assert served.connector.failures == 6
            assert sum(e.amount for e in entries(served.app)) == 0  # the undo is saved

    run(scenario)


def test_a_sender_built_from_settings_alone_reaches_the_rep(db_url, tmp_path, clock):
    from bot.teams.sender import teams_sender

    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            await served.post(message("help", service_url=served.connector.url))
            with served.app.session_factory() as session:
                stored = session.scalars(select(ConversationAddress)).one().address
            sender = teams_sender(served.app.settings)
            nudge = Reply(text="How is Jane measured this year?", kind="nudge")
            await sender.send(WorkspaceRef("teams", TENANT), "megan", stored, nudge)
            assert texts(card_of(served.connector.sent[-1])) == ["How is Jane measured this year?"]
        assert teams_sender(settings_for(db_url, tmp_path, teams_emulator=False)) is None

    run(scenario)


def test_a_broken_address_is_a_delivery_error(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            ws = WorkspaceRef("teams", TENANT)
            nudge = Reply(text="hello")
            for address in ({}, {"conversation": "not an object"}, {"serviceUrl": "x"}):
                try:
                    await served.endpoint.sender.send(ws, "megan", address, nudge)
                except DeliveryError as exc:
                    assert "no usable Teams address" in str(exc)
                else:
                    raise AssertionError(f"{address} was accepted")
            assert served.connector.calls == []

    run(scenario)
