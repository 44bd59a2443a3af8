"""Socket Mode: Slack over a WebSocket that we open, so a laptop needs no public URL.

Slack being unreachable must not stop the server (the database, Teams and `/healthz`
still work). slack-sdk's client retries on its own, logging a traceback each time;
its records pass through `LinkWatch`, which keeps one warning line per try and tells
`/healthz` whether the link is up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

log = logging.getLogger(__name__)


@dataclass
class SocketModeLink:
    """What `/healthz` says about the WebSocket to Slack."""

    connected: bool = False
    problem: str = "connecting"

    def health(self) -> str:
        return "connected" if self.connected else f"degraded: {self.problem}"


SOCKET_LINK = web.AppKey("relcap_socket_mode_link", SocketModeLink)

ESTABLISHED = "has been established"  # slack-sdk's words for a new session


class LinkWatch(logging.Filter):
    """Reads the socket client's log: a new session means connected; a failure means
    degraded, logged as one line without its traceback."""

    def __init__(self, link: SocketModeLink) -> None:
        super().__init__()
        self.link = link

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if ESTABLISHED in message:
            self.link.connected, self.link.problem = True, ""
        elif record.exc_info:
            error = record.exc_info[1]
            self.link.connected = False
            self.link.problem = f"Slack unreachable ({type(error).__name__}), retrying"
            record.msg, record.args = f"Socket Mode: {message}", ()
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def socket_mode_context(
    bolt: AsyncApp, app_token: str, ping_interval: float = 10
) -> Callable[[web.Application], AsyncIterator[None]]:
    """An aiohttp cleanup context: connect beside the web server, close with it."""

    async def connected(web_app: web.Application) -> AsyncIterator[None]:
        link = web_app[SOCKET_LINK] = SocketModeLink()
        client_log = logging.getLogger(f"{__name__}.client")
        client_log.setLevel(logging.INFO)  # the "established" line must reach the watch
        watch = LinkWatch(link)
        client_log.addFilter(watch)
        handler = AsyncSocketModeHandler(
            bolt, app_token, logger=client_log, ping_interval=ping_interval
        )
        # In the background: the client keeps retrying while Slack cannot be reached.
        task = asyncio.create_task(handler.connect_async())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await handler.close_async()
        client_log.removeFilter(watch)

    return connected
