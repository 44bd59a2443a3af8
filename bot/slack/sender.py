"""The sender port for Slack: messages the bot starts (nudges, digests) to a rep's DM or to
a channel (the team digest)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from bot.slack.addresses import SlackAddressing
from bot.slack.blocks import message
from bot.slack.bolt_app import web_client
from bot.slack.config import SlackConfig
from handlers.messages import Reply, WorkspaceRef
from handlers.ports import Address, DeliveryError


class SlackSender:
    platform = "slack"
    addressing = SlackAddressing()

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
        self, workspace: WorkspaceRef, user_external_id: str, address: Address, reply: Reply
    ) -> None:
        """Post to the decoded channel: a channel id, the rep's DM id, or their user id."""
        channel = self.addressing.decode(address, user_external_id).channel
        client = web_client(self.config, await self._token(workspace))
        try:
            await client.chat_postMessage(channel=channel, **message(reply))
        except SlackApiError as exc:  # still failing after the client's own retries
            retry_after = exc.response.headers.get("Retry-After") if exc.response else None
            raise DeliveryError(
                f"Slack refused the message to {workspace}/{channel}: "
                f"{exc.response.get('error') if exc.response else exc}",
                retry_after=float(retry_after) if retry_after else None,
            ) from exc
