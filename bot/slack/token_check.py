"""The bot token, checked with Slack's auth.test: once at start-up, then per request.

One workspace (SLACK_BOT_TOKEN): a token Slack refuses stops `relcap serve` with one
line naming the setting; Slack out of reach only warns, so the server still starts,
saves notes and answers /healthz, and replies are retried when Slack answers again.
"""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.bolt_app import web_client
from bot.slack.config import SlackConfig, SlackConfigError

log = logging.getLogger(__name__)

STARTUP_TIMEOUT = 5
REQUEST_TIMEOUT = 2.0  # within Slack's three seconds, with time left for the listener
# What a rep reads when the token stopped working (bolt's own text says "reinstall").
REFUSED_TEXT = (
    ":warning: relcap's Slack token was refused. Ask whoever runs relcap to check "
    "SLACK_BOT_TOKEN (or reinstall the app); your earlier notes are kept."
)


def check_bot_token(config: SlackConfig) -> str | None:
    """The token's team id; None when Slack cannot be reached. SlackConfigError if refused."""
    client = WebClient(token=config.bot_token, base_url=config.api_url, timeout=STARTUP_TIMEOUT)
    try:
        answer = client.auth_test()
    except SlackApiError as exc:
        reason = exc.response.get("error") if exc.response is not None else "refused"
        raise SlackConfigError(
            f"SLACK_BOT_TOKEN was refused by Slack ({reason}): copy the Bot User OAuth "
            "Token again (OAuth & Permissions), or reinstall the app"
        ) from exc
    except OSError as exc:  # URLError, timeouts, refused connections
        log.warning("Slack could not be reached to check SLACK_BOT_TOKEN (%s); starting", exc)
        return None
    return answer.get("team_id")


class SingleWorkspaceAuthorize:
    """bolt's authorize for one bot token: auth.test once, remembered; while Slack is out
    of reach the request still runs (the note is saved) with the token alone."""

    def __init__(self, config: SlackConfig) -> None:
        self.config = config
        self._identity: dict | None = None

    def function(self):
        """bolt calls authorize with the keyword arguments its signature names."""

        async def authorize(
            enterprise_id: str | None, team_id: str | None, user_id: str | None
        ) -> AuthorizeResult | None:
            return await self.authorize(enterprise_id, team_id, user_id)

        return authorize

    async def authorize(
        self, enterprise_id: str | None, team_id: str | None, user_id: str | None
    ) -> AuthorizeResult | None:
        token = self.config.bot_token
        if self._identity is None:
            try:
                answer = await asyncio.wait_for(
                    web_client(self.config, token).auth_test(), REQUEST_TIMEOUT
                )
            except SlackApiError as exc:
                log.error("Slack refused SLACK_BOT_TOKEN: %s", exc.response.get("error"))
                return None  # bolt answers REFUSED_TEXT
            except (OSError, TimeoutError) as exc:
                log.warning("auth.test failed, Slack out of reach: %s", exc or type(exc).__name__)
                return AuthorizeResult(
                    enterprise_id=enterprise_id, team_id=team_id, bot_token=token, user_id=user_id
                )
            self._identity = dict(answer.data)
        identity = self._identity
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id or identity.get("team_id"),
            bot_token=token,
            bot_id=identity.get("bot_id"),
            bot_user_id=identity.get("user_id"),
            user_id=user_id,
        )
