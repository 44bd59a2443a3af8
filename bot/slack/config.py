"""Which way Slack is served, decided once from the settings, with one clear line on error."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings import Settings, reveal

SLACK_API_DEFAULT = "https://slack.com/api/"


class SlackConfigError(ValueError):
    """Missing or inconsistent Slack settings; the message names the setting to fix."""


@dataclass(frozen=True)
class SlackConfig:
    """The secrets are plain text here, for the SDK, so they stay out of the repr."""

    signing_secret: str | None = field(repr=False)
    bot_token: str | None = field(repr=False)  # single workspace
    client_id: str | None  # OAuth, many workspaces
    client_secret: str | None = field(repr=False)
    app_token: str | None = field(repr=False)  # Socket Mode
    api_url: str

    @property
    def oauth(self) -> bool:
        return self.client_id is not None

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


def slack_config(settings: Settings) -> SlackConfig:
    """Check the Slack settings together; raise SlackConfigError naming the one to fix."""
    s = settings
    bot_token, app_token = reveal(s.slack_bot_token), reveal(s.slack_app_token)
    signing_secret, client_secret = reveal(s.slack_signing_secret), reveal(s.slack_client_secret)
    if s.slack_client_id and not client_secret:
        raise SlackConfigError("SLACK_CLIENT_SECRET is missing (SLACK_CLIENT_ID is set)")
    if client_secret and not s.slack_client_id:
        raise SlackConfigError("SLACK_CLIENT_ID is missing (SLACK_CLIENT_SECRET is set)")
    if not (bot_token or s.slack_client_id):
        raise SlackConfigError(
            "SLACK_BOT_TOKEN is missing: set it (xoxb-…) for one workspace, "
            "or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for many"
        )
    if bot_token and not bot_token.startswith("xoxb-"):
        raise SlackConfigError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
    if app_token and not app_token.startswith("xapp-"):
        raise SlackConfigError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
    # Over HTTP every request is verified with the signing secret; Socket Mode needs
    # none for events, but the OAuth pages are still served over HTTP.
    if not signing_secret and (not app_token or s.slack_client_id):
        raise SlackConfigError(
            "SLACK_SIGNING_SECRET is missing (Basic Information → App Credentials)"
        )
    api_url = s.slack_api_url or SLACK_API_DEFAULT
    if not api_url.startswith(("http://", "https://")):
        raise SlackConfigError(f"SLACK_API_URL must be an http(s) URL, not {api_url!r}")
    return SlackConfig(
        signing_secret=signing_secret,
        bot_token=bot_token,
        client_id=s.slack_client_id,
        client_secret=client_secret,
        app_token=app_token,
        api_url=api_url if api_url.endswith("/") else api_url + "/",
    )
