"""Outbound calls to the Bot Connector, retried: a reply that fails never loses a note.

The core has committed before anything is sent, so a failure here costs the rep the
confirmation only; it is retried with a short backoff and logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

# Seconds to wait before each retry; Teams gives a bot about 15 s to answer a turn.
DEFAULT_BACKOFF: tuple[float, ...] = (0.5, 2.0)


class DeliveryFailed(Exception):
    """Every attempt failed; the last error is the cause."""


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
) -> T:
    """`call()`, retried after each delay in `backoff`; raises DeliveryFailed at the end."""
    delays = [*backoff, None]
    for attempt, delay in enumerate(delays, start=1):
        try:
            return await call()
        except Exception as exc:
            status = _status(exc)
            if delay is None or not _retryable(exc):
                log.error(
                    "Bot Connector %s failed after %d attempt(s): %s%s",
                    what,
                    attempt,
                    type(exc).__name__,
                    f" (HTTP {status})" if status else "",
                )
                raise DeliveryFailed(what) from exc
            log.warning(
                "Bot Connector %s failed (attempt %d, %s%s); retrying in %.1f s",
                what,
                attempt,
                type(exc).__name__,
                f", HTTP {status}" if status else "",
                delay,
            )
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")
