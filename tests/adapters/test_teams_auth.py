"""With an app id, only requests carrying a valid Bot Framework token get through."""

from __future__ import annotations

import asyncio
import socket
import time

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import build_app
from bot.teams.http import mount_teams
from storage.models import ConversationAddress
from tests.adapters.fake_openid import FakeOpenId, new_key
from tests.adapters.teams_activities import message
from tests.adapters.teams_server import settings_for

APP_ID = "00000000-0000-0000-0000-0000000000a1"
SERVICE_URL = "https://smba.trafficmanager.net/amer/"


def install() -> dict:
    """An install notice: authenticated like any activity, and answered without replying."""
    body = message(None, service_url=SERVICE_URL)
    body.update(type="installationUpdate", action="add")
    return body


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1/.well-known/openidconfiguration"


def _post_all(
    db_url, tmp_path, metadata_url: str, tokens: list[str | None]
) -> tuple[list[int], int]:
    """The status of each request, and how many addresses were stored."""
    settings = settings_for(
        db_url,
        tmp_path,
        MICROSOFT_APP_ID=APP_ID,
        MICROSOFT_APP_PASSWORD="secret",
        teams_emulator=False,
    )
    app = build_app(settings)

    async def scenario() -> list[int]:
        web_app = web.Application()
        mount_teams(web_app, app, backoff=(), openid_metadata_url=metadata_url)
        async with TestClient(TestServer(web_app)) as client:
            statuses = []
            for token in tokens:
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                response = await client.post("/api/messages", json=install(), headers=headers)
                statuses.append(response.status)
            return statuses

    try:
        return asyncio.run(scenario()), _addresses(app)
    finally:
        app.close()


def _addresses(app) -> int:
    with app.session_factory() as session:
        return len(session.scalars(select(ConversationAddress)).all())


def test_a_valid_token_is_accepted(db_url, tmp_path):
    with FakeOpenId() as issuer:
        token = issuer.token(APP_ID, SERVICE_URL)
        assert _post_all(db_url, tmp_path, issuer.metadata_url, [token]) == ([201], 1)


def test_tokens_that_do_not_validate_get_401(db_url, tmp_path):
    with FakeOpenId() as issuer:
        bad = [
            None,
            issuer.token(APP_ID, SERVICE_URL, key=new_key()),  # signed by someone else
            issuer.token("another-bot", SERVICE_URL),  # for another bot
            issuer.token(APP_ID, "https://evil.example/"),  # for another service URL
            issuer.token(APP_ID, SERVICE_URL, kid="unknown-key"),
            issuer.token(APP_ID, SERVICE_URL, exp=int(time.time()) - 3600),  # expired
            issuer.token(APP_ID, SERVICE_URL, iss="https://login.example/"),
        ]
        assert _post_all(db_url, tmp_path, issuer.metadata_url, bad) == ([401] * len(bad), 0)


def test_unreachable_signing_keys_get_503_not_500(db_url, tmp_path):
    with FakeOpenId() as issuer:
        token = issuer.token(APP_ID, SERVICE_URL)
    assert _post_all(db_url, tmp_path, _closed_port_url(), [token]) == ([503], 0)
