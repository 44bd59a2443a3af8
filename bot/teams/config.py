"""How the Teams endpoint runs, decided once from our Settings."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

import click

from bot.settings import Settings

log = logging.getLogger(__name__)


class Mode(enum.Enum):
    AUTHENTICATED = "authenticated"  # Bot Framework JWTs are validated
    EMULATOR = "emulator"  # unauthenticated, for the Bot Framework Emulator on a laptop
    OFF = "off"


APP_TYPES = {"multitenant": "MultiTenant", "singletenant": "SingleTenant"}


class TeamsSettingsError(click.ClickException):
    """A Teams setting to fix; `relcap serve` shows it as one line and stops."""


def mode_of(settings: Settings) -> Mode:
    """An app id means authenticated; no app id is off unless emulator mode is asked for."""
    if settings.microsoft_app_id:
        return Mode.AUTHENTICATED
    if settings.teams_emulator:
        return Mode.EMULATOR
    return Mode.OFF


@dataclass(frozen=True)
class BotFrameworkConfig:
    """The attribute names botbuilder's configuration classes read."""

    APP_ID: str | None
    APP_PASSWORD: str | None
    APP_TYPE: str
    APP_TENANTID: str | None


def check(settings: Settings) -> None:
    """Refuse, at start, settings with which every reply would fail later."""
    if mode_of(settings) is not Mode.AUTHENTICATED:
        return
    app_type = APP_TYPES.get(settings.microsoft_app_type.lower())
    if app_type is None:
        raise TeamsSettingsError(
            f"MICROSOFT_APP_TYPE={settings.microsoft_app_type!r}: use MultiTenant or SingleTenant"
        )
    if not settings.microsoft_app_password:
        raise TeamsSettingsError(
            "MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not: add the client secret "
            "of the bot's app registration (see docs/teams.md)"
        )
    if app_type == "SingleTenant" and not settings.microsoft_app_tenant_id:
        raise TeamsSettingsError(
            "MICROSOFT_APP_TYPE=SingleTenant needs MICROSOFT_APP_TENANT_ID (your directory id)"
        )


def bot_framework_config(settings: Settings) -> BotFrameworkConfig:
    check(settings)
    if mode_of(settings) is Mode.EMULATOR:
        # No credentials at all is what botbuilder treats as "authentication disabled".
        return BotFrameworkConfig(None, None, "MultiTenant", None)
    return BotFrameworkConfig(
        APP_ID=settings.microsoft_app_id,
        APP_PASSWORD=settings.microsoft_app_password,
        APP_TYPE=settings.microsoft_app_type,
        APP_TENANTID=settings.microsoft_app_tenant_id,
    )
