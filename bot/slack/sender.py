"""The sender port for Slack: messages the bot starts (nudges, digests) to a rep's DM."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from bot.slack.blocks import message
from bot.slack.bolt_app import web_client
from bot.slack.config import SlackConfig
from handlers.messages import Reply, WorkspaceRef
from handlers.ports import DeliveryError


class SlackSender:
    platform = "slack"

    def __init__(
        self, config: SlackConfig, installations: AsyncInstallationStore | None = None
    ) -> None:
        self.config = config
        self.installations = installations  # many workspaces: each has its own token

    async def _token(self, workspace: WorkspaceRef) -> str:
        if self.installations is None:
            token = self.config.bot_token
        else:
            bot = await self.installations.async_find_bot(
                enterprise_id=None, team_id=workspace.external_id
            )
            token = bot.bot_token if bot is not None else None
        if not token:
            raise DeliveryError(f"relcap is not installed in Slack workspace {workspace}")
        return token

    async def send(
        self, workspace: WorkspaceRef, user_external_id: str, address: dict, reply: Reply
    ) -> None:
        """Post to the stored DM channel (or the user id, which Slack reads as the DM)."""
        client = web_client(self.config, await self._token(workspace))
        channel = address.get("channel_id") or user_external_id
        try:
            await client.chat_postMessage(channel=channel, **message(reply))
        except SlackApiError as exc:  # still failing after the client's own retries
            retry_after = exc.response.headers.get("Retry-After") if exc.response else None
            raise DeliveryError(
                f"Slack refused the message to {workspace}/{user_external_id}: "
                f"{exc.response.get('error') if exc.response else exc}",
                retry_after=float(retry_after) if retry_after else None,
            ) from exc
