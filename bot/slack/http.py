"""Slack on our aiohttp server: events, commands and interactivity at POST /slack/events.

Like bolt's own framework adapters, this converts between aiohttp and bolt's request
and response types (and turns unreadable bodies into a 4xx); the rest is the bolt app.
"""

from __future__ import annotations

import logging

from aiohttp import ClientSession, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.app import App
from bot.slack.background import Background
from bot.slack.bolt_app import build_bolt_app
from bot.slack.listeners import SlackListeners
from bot.slack.sender import SlackSender
from bot.slack.shapes import shape_problem
from bot.slack.timezones import TimezoneCache

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"  # bolt's defaults, as in the manifest's redirect URL
OAUTH_REDIRECT_PATH = "/slack/oauth_redirect"
BOLT_KEY = web.AppKey("slack_bolt", AsyncApp)
BACKGROUND_KEY = web.AppKey("slack_background", Background)
SENDER_KEY = web.AppKey("slack_sender", SlackSender)  # the app's one Slack sender


def mount_slack(web_app: web.Application, app: App) -> AsyncApp:
    """Add the Slack routes (and Socket Mode, if configured); SlackConfigError if unset.

    The config, installation store and sender are the bootstrap's (`app.slack`), the
    same ones the scheduler's nudges use."""
    parts = app.slack
    config = parts.config
    background = Background()
    bolt = build_bolt_app(config, parts.oauth)
    SlackListeners(app.core, background, TimezoneCache()).register(bolt)
    web_app[BOLT_KEY] = bolt
    web_app[BACKGROUND_KEY] = background
    web_app[SENDER_KEY] = parts.sender
    if config.signing_secret:
        verifier = SignatureVerifier(config.signing_secret)
        web_app.router.add_post(EVENTS_PATH, _events_handler(bolt, verifier))
    else:
        web_app.router.add_post(EVENTS_PATH, _unverifiable)
    if bolt.oauth_flow is not None:
        flow = bolt.oauth_flow
        web_app.router.add_get(flow.install_path, _oauth_handler(flow.handle_installation))
        web_app.router.add_get(flow.redirect_uri_path, _oauth_handler(flow.handle_callback))
    if config.socket_mode:
        from bot.slack.socket_mode import socket_mode_context

        web_app.cleanup_ctx.append(socket_mode_context(bolt, config.app_token))
    web_app.on_startup.append(_open_session(bolt))
    web_app.on_cleanup.append(_drain(background))
    web_app.on_cleanup.append(_close_session(bolt))  # after the drain: replies still use it
    return bolt


def _events_handler(bolt: AsyncApp, verifier: SignatureVerifier):
    async def events(request: web.Request) -> web.Response:
        # slack-sdk's verifier calls int() on this header: "soon" would raise a 500.
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        if timestamp and not (timestamp.isascii() and timestamp.isdigit()):
            return web.json_response({"error": "unsigned Slack request"}, status=401)
        try:
            body = (await request.read()).decode("utf-8")
        except UnicodeDecodeError:
            return web.json_response({"error": "the body is not UTF-8"}, status=400)
        try:
            bolt_request = AsyncBoltRequest(
                body=body, query=request.query_string, headers=request.headers
            )
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            # bolt parses the body before it checks the signature; unreadable bodies
            # get a 4xx here, 401 when unsigned too, never a 500 that Slack would retry.
            signed = verifier.is_valid_request(body, dict(request.headers))
            log.warning("unreadable Slack request: %s", type(exc).__name__)
            status = 400 if signed else 401
            return web.json_response({"error": "unreadable Slack request"}, status=status)
        problem = shape_problem(bolt_request.body)
        if problem is not None:
            signed = verifier.is_valid_request(body, dict(request.headers))
            log.warning("malformed Slack request: %s", problem)
            status = 400 if signed else 401  # unsigned: say no more than that
            message = problem if signed else "unsigned Slack request"
            return web.json_response({"error": message}, status=status)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    return events


async def _unverifiable(_request: web.Request) -> web.Response:
    """Socket Mode without a signing secret: nothing over HTTP can be verified."""
    message = "SLACK_SIGNING_SECRET is not set: this server takes Slack over Socket Mode only"
    return web.json_response({"error": message}, status=401)


def _oauth_handler(step):
    """The install page or the OAuth callback (bolt renders both and stores the install)."""

    async def oauth(request: web.Request) -> web.Response:
        bolt_request = AsyncBoltRequest(
            body="", query=request.query_string, headers=request.headers
        )
        return await to_aiohttp_response(await step(bolt_request))

    return oauth


def _open_session(bolt: AsyncApp):
    """One aiohttp session, with keep-alive connections, for every Web API call.

    Without it slack-sdk opens a new session and connection for each call (a reply per
    note); bolt's per-request clients take the app client's session.
    """

    async def open_session(_web_app: web.Application) -> None:
        bolt.client.session = ClientSession()

    return open_session


def _close_session(bolt: AsyncApp):
    async def close_session(_web_app: web.Application) -> None:
        if bolt.client.session is not None:
            await bolt.client.session.close()

    return close_session


def _drain(background: Background):
    async def drain(_web_app: web.Application) -> None:
        await background.drain()

    return drain
