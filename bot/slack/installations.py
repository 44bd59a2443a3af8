"""Many-workspace installs: slack-sdk's SQLAlchemy stores in our database, for bolt's OAuth.

slack-sdk's async stores need an async engine (and driver); ours is synchronous, so
these adapters run its synchronous stores in a worker thread, as the core itself runs.
The tables come from the slack_0001 migration, not from create_tables().
"""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from bot.slack.uninstall import flag_workspace
from storage.engine import make_session_factory

log = logging.getLogger(__name__)

STATE_EXPIRATION_SECONDS = 600


class ThreadedInstallationStore(AsyncInstallationStore):
    def __init__(
        self, store: SQLAlchemyInstallationStore, session_factory: sessionmaker | None = None
    ) -> None:
        self.store = store
        self.session_factory = session_factory  # to clear an uninstalled flag on reinstall

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.store.save, installation)
        if self.session_factory is not None and installation.team_id:
            # A reinstall after an uninstall: the workspace's reps are reachable again.
            await asyncio.to_thread(
                flag_workspace, self.session_factory, installation.team_id, None
            )

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_find_bot(self, **ids) -> Bot | None:
        return await asyncio.to_thread(lambda: self.store.find_bot(**ids))

    async def async_find_installation(self, **ids) -> Installation | None:
        return await asyncio.to_thread(lambda: self.store.find_installation(**ids))

    async def async_delete_bot(self, **ids) -> None:
        await asyncio.to_thread(lambda: self.store.delete_bot(**ids))

    async def async_delete_installation(self, **ids) -> None:
        await asyncio.to_thread(lambda: self.store.delete_installation(**ids))


class ThreadedStateStore(AsyncOAuthStateStore):
    def __init__(self, store: SQLAlchemyOAuthStateStore) -> None:
        self.store = store

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args, **kwargs) -> str:
        return await asyncio.to_thread(self.store.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.consume, state)


def oauth_settings(
    engine: Engine, client_id: str, client_secret: str, scopes: tuple[str, ...]
) -> AsyncOAuthSettings:
    """Bolt's OAuth flow at /slack/install and /slack/oauth_redirect, stored in `engine`."""
    return AsyncOAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(scopes),
        installation_store=ThreadedInstallationStore(
            SQLAlchemyInstallationStore(client_id=client_id, engine=engine),
            make_session_factory(engine),
        ),
        state_store=ThreadedStateStore(
            SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine)
        ),
        state_expiration_seconds=STATE_EXPIRATION_SECONDS,
    )
