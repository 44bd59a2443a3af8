"""Outbound calls to the Bot Connector, retried: a reply that fails never loses a note.

The core has committed before anything is sent, so a failure here costs the rep the
confirmation only; it is retried with a short backoff and logged.

This is the only retry layer. The SDK's HTTP client (msrest over urllib3) would retry
on its own — connection failures three times with backoff, and PUTs on 5xx — with a
100 s timeout per request: measured, one refused connection took ~4.8 s before our
code saw it, and three of ours ~14.7 s, past the ~15 s Teams waits for a turn.
`tune_connector` turns that off and shortens the timeout.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from botbuilder.core import BotAdapter, TurnContext

log = logging.getLogger(__name__)

T = TypeVar("T")

# Seconds to wait before each retry, and the most a turn spends on one delivery.
DEFAULT_BACKOFF: tuple[float, ...] = (0.5, 2.0)
BUDGET_SECONDS = 10.0
REQUEST_TIMEOUT_SECONDS = 5


class DeliveryFailed(Exception):
    """Every attempt failed; the last error is the cause."""


def tune_connector(turn_context: TurnContext) -> None:
    """One attempt per call with a short timeout; `with_retries` decides about retrying."""
    client = turn_context.turn_state.get(BotAdapter.BOT_CONNECTOR_CLIENT_KEY)
    config = getattr(client, "config", None)
    if config is None:  # e.g. botbuilder's TestAdapter has no HTTP client
        return
    config.retry_policy.retries = 0
    config.connection.timeout = REQUEST_TIMEOUT_SECONDS


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return status if isinstance(status, int) else None


def _retryable(exc: BaseException) -> bool:
    """Throttling, server errors and network failures; other 4xx answers will not change."""
    status = _status(exc)
    return status is None or status == 429 or status >= 500


async def with_retries(
    what: str,
    call: Callable[[], Awaitable[T]],
    backoff: Sequence[float] = DEFAULT_BACKOFF,
    budget: float = BUDGET_SECONDS,
) -> T:
    """`call()`, retried after each delay in `backoff` while within `budget` seconds;
    raises DeliveryFailed when it gives up."""
    started = time.monotonic()
    delays = [*backoff, None]
    for attempt, delay in enumerate(delays, start=1):
        try:
            return await call()
        except Exception as exc:
            status = _status(exc)
            reason = f"{type(exc).__name__}{f', HTTP {status}' if status else ''}"
            out_of_time = delay is not None and time.monotonic() - started + delay > budget
            if delay is None or out_of_time or not _retryable(exc):
                log.error("Bot Connector %s failed after %d attempt(s): %s", what, attempt, reason)
                raise DeliveryFailed(what) from exc
            log.warning(
                "Bot Connector %s failed (attempt %d, %s); retrying in %.1f s",
                what,
                attempt,
                reason,
                delay,
            )
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")
