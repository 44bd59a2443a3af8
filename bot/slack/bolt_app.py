"""The bolt AsyncApp: verified requests, one token or OAuth, retrying Web API clients."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.config import SlackConfig

# The scopes the manifest asks for, no more: read DMs and mentions, answer, post charts,
# know the rep's timezone, and take /relcap.
BOT_SCOPES = (
    "app_mentions:read",
    "chat:write",
    "commands",
    "files:write",
    "im:history",
    "users:read",
)


def web_client(config: SlackConfig, token: str | None) -> AsyncWebClient:
    """A client on SLACK_API_URL that waits out 429s (Retry-After) and retries 5xx once."""
    return AsyncWebClient(
        token=token,
        base_url=config.api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=1),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def build_bolt_app(config: SlackConfig, oauth_settings=None) -> AsyncApp:
    """`oauth_settings` (AsyncOAuthSettings) turns on many-workspace installs."""
    # process_before_response=True: bolt's default acknowledges an event before the
    # listener runs, so Slack could hear "200" for a note that a crash then loses. In
    # this mode the response waits for the listener, which commits the note first
    # (and it answers faster: no polling for ack()).
    # One token: our authorize instead of bolt's, which answers a 500 when auth.test
    # cannot reach Slack and tells reps to "reinstall" when the token is refused.
    from bot.slack.token_check import REFUSED_TEXT, SingleWorkspaceAuthorize

    return AsyncApp(
        signing_secret=config.signing_secret or "",
        client=web_client(config, None),
        authorize=None if oauth_settings else SingleWorkspaceAuthorize(config).function(),
        user_facing_authorize_error_message=None if oauth_settings else REFUSED_TEXT,
        oauth_settings=oauth_settings,
        process_before_response=True,
        request_verification_enabled=True,
        ignoring_self_events_enabled=True,
        # No listener matched: answer 404 quietly instead of logging a stack of warnings.
        raise_error_for_unhandled_request=False,
    )
