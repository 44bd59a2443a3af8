"""Work that runs after Slack has its 200: replies, updates, home tabs.

A failure is logged with what it was about; the note it follows is already saved.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine

from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


class Background:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    def spawn(self, work: Coroutine, what: str) -> None:
        task = asyncio.get_running_loop().create_task(self._guarded(work, what))
        self._tasks.add(task)  # the loop keeps only weak references to tasks
        task.add_done_callback(self._tasks.discard)

    async def _guarded(self, work: Coroutine, what: str) -> None:
        try:
            await work
        except (SlackApiError, OSError, TimeoutError) as exc:
            # Slack refused or is out of reach (after the client's retries): one line, no
            # traceback, so an outage does not fill the log.
            reason = exc.response.get("error") if isinstance(exc, SlackApiError) else exc
            log.warning("Slack reply failed (%s): %s; the data it reports is saved", what,
                        reason or type(exc).__name__)  # fmt: skip
        except Exception:
            log.exception("Slack reply failed (%s); the data it reports is saved", what)

    async def drain(self) -> None:
        """Wait for the work in flight (on shutdown, so no reply is cut off)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
