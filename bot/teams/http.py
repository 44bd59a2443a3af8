"""POST /api/messages: the edge where HTTP becomes an Activity.

botbuilder's CloudAdapter.process answers a body that is not JSON, and a bearer token
that is not a JWT, with a 500; everything a client can get wrong is answered here
with a 4xx and a one-line reason before the SDK sees it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import requests
from aiohttp import web
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes

from bot.app import App
from bot.teams.bot import RelcapTeamsBot
from bot.teams.config import Mode, mode_of
from bot.teams.delivery import DEFAULT_BACKOFF
from bot.teams.sender import TeamsSender

log = logging.getLogger(__name__)

ROUTE = "/api/messages"
KNOWN_TYPES = frozenset(t.value for t in ActivityTypes)
# Activities the bot answers need somewhere to answer to.
ADDRESSED_TYPES = frozenset({"message", "conversationUpdate", "invoke"})
BEARER_JWT = re.compile(r"^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")


@dataclass
class TeamsEndpoint:
    mode: Mode
    adapter: CloudAdapter
    bot: RelcapTeamsBot
    sender: TeamsSender

    async def handle(self, request: web.Request) -> web.Response:
        auth_header = None  # the Emulator mode: botbuilder treats "no header" as anonymous
        if self.mode is Mode.AUTHENTICATED:
            auth_header = request.headers.get("Authorization", "")
            if not BEARER_JWT.match(auth_header):
                return _problem(401, "a Bot Framework bearer token is required")
        try:
            body = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return _problem(400, "the body is not valid JSON")
        activity, reason = _activity(body)
        if activity is None:
            return _problem(400, reason)
        try:
            # Authenticated here rather than inside process_activity, which only accepts a
            # header string: "no header" (None) is how botbuilder spells anonymous.
            authenticated = await self.adapter.bot_framework_authentication.authenticate_request(
                activity, auth_header
            )
        except requests.RequestException as exc:
            # Validating a token fetches Microsoft's signing keys; when that fails the
            # request is not at fault, and the Bot Framework retries a 503.
            log.error("cannot fetch the Bot Framework signing keys: %s", type(exc).__name__)
            return _problem(503, "the bearer token cannot be validated right now")
        except Exception as exc:
            # botbuilder raises PermissionError, PyJWT errors, and bare Exception or
            # IndexError (an unknown key id, a missing endorsement) for a bad token.
            log.info("Teams request refused: %s: %s", type(exc).__name__, exc)
            return _problem(401, "the bearer token was not accepted")
        invoke_response = await self.adapter.process_activity(
            authenticated, activity, self.bot.on_turn
        )
        if invoke_response is not None:
            return web.json_response(invoke_response.body, status=invoke_response.status)
        return web.Response(status=201)


def _activity(body: object) -> tuple[Activity | None, str]:
    if not isinstance(body, dict):
        return None, "the body must be a JSON object (an Activity)"
    try:
        activity = Activity().deserialize(body)
    except Exception:  # msrest raises several types for mistyped fields
        return None, "the body is not a valid Activity"
    if not activity.type:
        return None, "the Activity has no type"
    if activity.type not in KNOWN_TYPES:
        return None, f"unknown Activity type {str(activity.type)[:40]!r}"
    if activity.type in ADDRESSED_TYPES:
        if not (activity.service_url or "").startswith(("https://", "http://")):
            return None, "the Activity has no serviceUrl"
        if activity.conversation is None or not activity.conversation.id:
            return None, "the Activity has no conversation id"
        if activity.from_property is None or not activity.from_property.id:
            return None, "the Activity has no sender (from.id)"
    return activity, ""


def _problem(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


TEAMS_KEY = web.AppKey("relcap_teams", TeamsEndpoint)


def mount_teams(
    web_app: web.Application,
    app: App,
    backoff: Sequence[float] = DEFAULT_BACKOFF,
    openid_metadata_url: str | None = None,
) -> TeamsEndpoint | None:
    """Add POST /api/messages when Teams is configured; the endpoint is kept in web_app.

    The adapter and sender are the bootstrap's (`app.teams`), shared with the scheduler.
    `backoff` spaces the retries of outbound calls; `openid_metadata_url` moves where
    token-signing keys are read (Microsoft's public cloud by default).
    """
    settings = app.settings
    mode = mode_of(settings)
    if mode is Mode.OFF:
        log.info("Teams is off: set MICROSOFT_APP_ID (or RELCAP_TEAMS_EMULATOR=1) to serve it")
        return None
    if mode is Mode.AUTHENTICATED and settings.teams_emulator:
        log.warning(
            "RELCAP_TEAMS_EMULATOR is ignored: MICROSOFT_APP_ID is set, so %s "
            "accepts Bot Framework tokens only",
            ROUTE,
        )
    if mode is Mode.EMULATOR:
        log.warning(
            "RELCAP_TEAMS_EMULATOR=1 and no MICROSOFT_APP_ID: %s accepts UNAUTHENTICATED "
            "requests. Use this only with the Bot Framework Emulator on your own machine.",
            ROUTE,
        )
    sender = app.teams(backoff, openid_metadata_url)
    if sender is None:  # not reached: the mode is not OFF
        return None
    endpoint = TeamsEndpoint(
        mode=mode,
        adapter=sender.adapter,
        bot=RelcapTeamsBot(app.core, backoff),
        sender=sender,
    )
    web_app[TEAMS_KEY] = endpoint
    web_app.router.add_post(ROUTE, endpoint.handle)
    return endpoint
