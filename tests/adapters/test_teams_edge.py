"""What the /api/messages edge does with requests it must refuse, and how Teams is switched on."""

from __future__ import annotations

import logging

from tests.adapters.teams_activities import (
    card_of,
    message,
    texts,
)
from tests.adapters.teams_server import entries, run, settings_for, teams_server

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
