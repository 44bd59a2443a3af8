"""The senders of the configured platforms, for the scheduler.

Each platform adapter implements `handlers.ports.Sender`. A serving process reuses the
senders its mounted adapters built (one client, one token store); a process without
the web server (`relcap nudge tick`) builds them from the settings.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from bot.app import App
from handlers.ports import Sender

SenderFactory = Callable[[App], Sender | None]


def _slack(app: App) -> Sender | None:
    if not app.settings.slack_configured:
        return None
    from bot.slack.config import slack_config
    from bot.slack.sender import SlackSender

    config = slack_config(app.settings)
    installations = None
    if config.oauth:
        from bot.slack.bolt_app import BOT_SCOPES
        from bot.slack.installations import oauth_settings

        oauth = oauth_settings(app.engine, config.client_id, config.client_secret, BOT_SCOPES)
        installations = oauth.installation_store
    return SlackSender(config, installations)


def _teams(app: App) -> Sender | None:
    from bot.teams.sender import teams_sender

    return teams_sender(app.settings)


FACTORIES: dict[str, SenderFactory] = {"slack": _slack, "teams": _teams}


def platform_senders(
    app: App, factories: dict[str, SenderFactory] | None = None
) -> dict[str, Sender]:
    senders: dict[str, Sender] = {}
    for platform, factory in (FACTORIES if factories is None else factories).items():
        sender = factory(app)
        if sender is not None:
            senders[platform] = sender
    return senders


def mounted_senders(web_app: web.Application) -> dict[str, Sender]:
    """The senders the mounted Slack and Teams adapters already built."""
    from bot.slack.http import SENDER_KEY
    from bot.teams.http import TEAMS_KEY

    senders: dict[str, Sender] = {}
    if SENDER_KEY in web_app:
        senders["slack"] = web_app[SENDER_KEY]
    if TEAMS_KEY in web_app:
        senders["teams"] = web_app[TEAMS_KEY].sender
    return senders
