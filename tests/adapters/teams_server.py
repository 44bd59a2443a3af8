"""Our real aiohttp app with Teams mounted, plus a fake connector its replies go to."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import App, build_app
from bot.settings import Settings
from bot.teams.http import TEAMS_KEY, TeamsEndpoint
from bot.web import build_web_app
from storage.models import LedgerEntry
from tests.adapters.fake_bot_connector import FakeBotConnector


@dataclass
class Served:
    client: TestClient
    connector: FakeBotConnector
    app: App
    endpoint: TeamsEndpoint | None

    async def post(self, body: object, headers: dict | None = None):
        return await self.client.post("/api/messages", json=body, headers=headers)


def settings_for(db_url: str, home, **overrides) -> Settings:
    """Explicit settings, so that a developer's environment or .env cannot change a test."""
    values = {
        "home": home,
        "DATABASE_URL": db_url,
        "MICROSOFT_APP_ID": None,
        "MICROSOFT_APP_PASSWORD": None,
        "teams_emulator": True,
        **overrides,
    }
    return Settings(_env_file=None, **values)


@asynccontextmanager
async def teams_server(settings: Settings, clock=None) -> AsyncIterator[Served]:
    connector = await FakeBotConnector().start()
    app = build_app(settings, clock) if clock else build_app(settings)
    web_app = build_web_app(app)
    endpoint = web_app.get(TEAMS_KEY)
    if endpoint is not None:
        # Retries without waiting; the retry count is what the tests look at.
        endpoint.bot.backoff = (0.0, 0.0)
        endpoint.sender.backoff = (0.0, 0.0)
    client = TestClient(TestServer(web_app))
    await client.start_server()
    try:
        yield Served(client, connector, app, endpoint)
    finally:
        await client.close()
        await connector.stop()
        app.close()


def run(scenario) -> None:
    """Run an async scenario from a plain test function."""
    asyncio.run(scenario())


def entries(app: App) -> list[LedgerEntry]:
    with app.session_factory() as session:
        return list(session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)))
