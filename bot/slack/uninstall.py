"""Uninstalls and reinstalls: the tokens go, nudges stop, the workspace's data stays.

Slack sends `app_uninstalled` (the app was removed) and `tokens_revoked` (tokens were
withdrawn). The stored tokens are deleted, and the workspace row is flagged so the
nudge pass stops reaching its reps. Contacts and ledgers stay until an administrator
erases them; a reinstall clears the flag and nudges resume.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Workspace

log = logging.getLogger(__name__)


def flag_workspace(
    session_factory: sessionmaker[Session], team_id: str, when: datetime | None
) -> None:
    """Set (a time) or clear (None) the uninstalled flag of a Slack workspace."""
    with session_factory() as session:
        session.execute(
            update(Workspace)
            .where(Workspace.platform == "slack", Workspace.external_id == team_id)
            .values(uninstalled_at=when)
        )
        session.commit()


class Installs:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        store: AsyncInstallationStore | None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.session_factory = session_factory
        self.store = store  # None with one bot token: nothing stored to delete
        self.clock = clock

    async def uninstalled(self, team_id: str, enterprise_id: str | None) -> None:
        if self.store is not None:
            await self.store.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)
            await self.store.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id)
        await asyncio.to_thread(flag_workspace, self.session_factory, team_id, self.clock())
        log.warning("relcap was uninstalled from Slack workspace %s: nudges stop there", team_id)

    async def revoked(self, team_id: str, enterprise_id: str | None, tokens: dict) -> None:
        """The bot's token revoked is an uninstall; a rep's own token, only theirs."""
        if tokens.get("bot"):
            await self.uninstalled(team_id, enterprise_id)
            return
        if self.store is None:
            return
        for user_id in tokens.get("oauth") or []:
            if isinstance(user_id, str):
                await self.store.async_delete_installation(
                    enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
                )

    async def installed(self, team_id: str) -> None:
        await asyncio.to_thread(flag_workspace, self.session_factory, team_id, None)
