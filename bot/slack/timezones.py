"""Each rep's Slack timezone (users.info), cached so a note costs no extra round trip."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

LOOKUP_SECONDS = 1.0
TTL_SECONDS = 6 * 3600  # people travel; a day-old zone is still a fine default for nudges


class TimezoneCache:
    def __init__(self, ttl: float = TTL_SECONDS, monotonic: Callable[[], float] = time.monotonic):
        self._ttl = ttl
        self._monotonic = monotonic
        self._zones: dict[tuple[str, str], tuple[float, str | None, str]] = {}

    async def lookup(
        self, client: AsyncWebClient, team_id: str, user_id: str
    ) -> tuple[str | None, str]:
        """(IANA zone or None, display name); a failed lookup never blocks a note."""
        key = (team_id, user_id)
        cached = self._zones.get(key)
        if cached is not None and self._monotonic() - cached[0] < self._ttl:
            return cached[1], cached[2]
        try:
            # Bounded: this runs before Slack's 3-second acknowledgement, and the client
            # would otherwise wait out a 429's Retry-After.
            response = await asyncio.wait_for(client.users_info(user=user_id), LOOKUP_SECONDS)
        except (SlackApiError, OSError, ValueError, TimeoutError) as exc:
            log.warning("users.info %s/%s failed: %s", team_id, user_id, exc)
            return None, ""
        info = response.get("user") or {}
        profile = info.get("profile") or {}
        name = profile.get("display_name") or info.get("real_name") or info.get("name") or ""
        zone = info.get("tz") or None
        self._zones[key] = (self._monotonic(), zone, name)
        return zone, name
