"""How the Teams endpoint runs, decided once from our Settings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import click
from botbuilder.schema import CallerIdConstants
from botframework.connector.auth import AuthenticationConstants

from bot.settings import Settings, reveal


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
    """The attribute names botbuilder's configuration classes read.

    The cloud's endpoints are spelled out (Microsoft's public cloud) rather than left to
    botbuilder's built-in defaults, so that production and the tests, which move the
    signing keys to loopback, run the same validation code.
    """

    APP_ID: str | None
    APP_PASSWORD: str | None = field(repr=False)  # botbuilder reads it as plain text
    APP_TYPE: str
    APP_TENANTID: str | None
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str = (
        AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL
    )
    TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL: str = (
        AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
    )
    TO_BOT_FROM_CHANNEL_TOKEN_ISSUER: str = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
    TO_CHANNEL_FROM_BOT_LOGIN_URL: str = AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL
    TO_CHANNEL_FROM_BOT_OAUTH_SCOPE: str = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
    OAUTH_URL: str = AuthenticationConstants.OAUTH_URL
    CALLER_ID: str = CallerIdConstants.public_azure_channel
    VALIDATE_AUTHORITY: bool = True


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


def bot_framework_config(
    settings: Settings, openid_metadata_url: str | None = None
) -> BotFrameworkConfig:
    check(settings)
    if mode_of(settings) is Mode.EMULATOR:
        # No credentials at all is what botbuilder treats as "authentication disabled".
        return BotFrameworkConfig(None, None, "MultiTenant", None)
    keys = {"TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": openid_metadata_url}
    return BotFrameworkConfig(
        APP_ID=settings.microsoft_app_id,
        APP_PASSWORD=reveal(settings.microsoft_app_password),
        APP_TYPE=APP_TYPES[settings.microsoft_app_type.lower()],
        APP_TENANTID=settings.microsoft_app_tenant_id,
        **{key: value for key, value in keys.items() if value},
    )
