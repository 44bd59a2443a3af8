"""The Bot Framework adapter, built from our Settings (never at import time)."""

from __future__ import annotations

import contextlib
import logging

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)

from bot.settings import Settings
from bot.teams.cards import reply_card
from bot.teams.config import bot_framework_config
from bot.teams.replies import card_activity
from handlers.core import TRY_AGAIN, StorageUnavailable
from handlers.messages import error

log = logging.getLogger(__name__)

SORRY = error(
    "Something went wrong on my side and I could not finish that. "
    "Anything already saved is kept; please try again in a minute."
)


DATABASE_AWAY = error(TRY_AGAIN)


async def _on_turn_error(turn_context: TurnContext, exc: Exception) -> None:
    """Log the failure and tell the rep in one line, never with a traceback."""
    answer = SORRY
    if isinstance(exc, StorageUnavailable):
        # Not a bug: the database is away. Teams does not redeliver a message, so the
        # rep is told that nothing was saved and to send it again.
        log.warning("database unavailable for Teams activity %s: %s", turn_context.activity.id, exc)
        answer = DATABASE_AWAY
    else:
        log.error(
            "Teams turn failed for activity %s (%s)",
            turn_context.activity.id,
            turn_context.activity.type,
            exc_info=exc,
        )
    with contextlib.suppress(Exception):
        await turn_context.send_activity(card_activity(reply_card(answer), answer.text))


def build_adapter(settings: Settings, openid_metadata_url: str | None = None) -> CloudAdapter:
    """`openid_metadata_url` moves where token-signing keys are read (default: Microsoft's)."""
    config = bot_framework_config(settings, openid_metadata_url)
    auth = ConfigurationBotFrameworkAuthentication(config)
    adapter = CloudAdapter(auth)
    adapter.on_turn_error = _on_turn_error
    return adapter
