"""The chat platforms' parts, each built once by the bootstrap (bot.app) and shared by the
web adapters and the scheduler: Slack's checked config, installation store and sender;
Teams' Bot Framework adapter and sender.

Every SDK import is inside a builder, so a command that does not use a platform (the
shell, `--help`) never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.slack.config import SlackConfig
    from bot.slack.sender import SlackSender
    from bot.teams.sender import TeamsSender


@dataclass(frozen=True)
class SlackParts:
    config: SlackConfig
    oauth: Any | None  # bolt's AsyncOAuthSettings when many workspaces install the app
    sender: SlackSender


def build_slack(settings: Settings, engine: Engine) -> SlackParts:
    """Raises SlackConfigError (naming the setting to fix) for inconsistent settings."""
    from bot.slack.config import slack_config
    from bot.slack.sender import SlackSender

    config = slack_config(settings)
    oauth = None
    if config.oauth:
        from bot.slack.bolt_app import BOT_SCOPES
        from bot.slack.installations import oauth_settings

        oauth = oauth_settings(engine, config.client_id, config.client_secret, BOT_SCOPES)
    # The bolt app reads installations through the same store (bolt_app.build_bolt_app).
    store = oauth.installation_store if oauth is not None else None
    return SlackParts(config, oauth, SlackSender(config, store))


def build_teams(
    settings: Settings, backoff: Sequence[float] | None, openid_metadata_url: str | None
) -> TeamsSender | None:
    """The Teams sender (its adapter also serves /api/messages); None when Teams is off."""
    from bot.teams.sender import teams_sender

    return teams_sender(settings, backoff, openid_metadata_url)
