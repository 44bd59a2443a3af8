"""Socket Mode: Slack over a WebSocket that we open, so a laptop needs no public URL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp


def socket_mode_context(
    bolt: AsyncApp, app_token: str
) -> Callable[[web.Application], AsyncIterator[None]]:
    """An aiohttp cleanup context: connect with the web server, close with it."""

    async def connected(_web_app: web.Application) -> AsyncIterator[None]:
        handler = AsyncSocketModeHandler(bolt, app_token)
        await handler.connect_async()
        yield
        await handler.close_async()

    return connected
