"""The one HTTP server of `relcap serve`: health, and each configured platform's routes."""

from __future__ import annotations

import asyncio

from aiohttp import web
from sqlalchemy import text

from bot.app import App

APP_KEY = web.AppKey("relcap_app", App)


async def healthz(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]

    def ping() -> None:
        with app.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    try:
        await asyncio.to_thread(ping)
    except Exception as exc:  # any driver error means "not healthy", never a 500 page
        return web.json_response(
            {"ok": False, "database": f"unreachable: {type(exc).__name__}"}, status=503
        )
    body = {"ok": True, "database": "ok"}
    link = _socket_mode_link(request.app)
    if link is not None:  # Slack over Socket Mode: a lost link degrades, it does not fail
        body["slack"] = link.health()
    return web.json_response(body)


def _socket_mode_link(web_app: web.Application):
    settings = web_app[APP_KEY].settings
    if not (settings.slack_configured and settings.slack_app_token):
        return None
    from bot.slack.socket_mode import SOCKET_LINK  # bolt only where Slack is served

    return web_app.get(SOCKET_LINK)


def build_web_app(app: App) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)
    web_app[APP_KEY] = app
    web_app.router.add_get("/healthz", healthz)
    if app.settings.slack_configured:
        from bot.slack.http import mount_slack

        mount_slack(web_app, app)
    if app.settings.teams_configured:  # botbuilder is imported only when Teams is served
        from bot.teams.http import mount_teams

        mount_teams(web_app, app)
    return web_app
