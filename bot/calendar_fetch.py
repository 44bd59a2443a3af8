"""Fetching an ICS feed over HTTP for the poller: a conditional GET (ETag,
Last-Modified), a total timeout and a size cap. Errors come back as short texts that
name the host at most, never the address (it is a secret)."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from handlers.calendar.config import CalendarConfig
from handlers.calendar.poll import Fetched, Fetcher

CHUNK = 64 * 1024


def http_fetcher(config: CalendarConfig) -> Fetcher:
    async def fetch(url: str, etag: str | None, last_modified: str | None) -> Fetched:
        # Imported on the first read: the shell builds a calendar pass that never polls.
        import aiohttp

        headers = {"Accept": "text/calendar, */*;q=0.5", "User-Agent": "relcap-calendar"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = urlsplit(url).hostname or "the host"
        timeout = aiohttp.ClientTimeout(total=config.timeout_seconds)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.get(
                    url, headers=headers, allow_redirects=True, max_redirects=5
                ) as response,
            ):
                if response.status == 304:
                    return Fetched(not_modified=True, etag=etag, last_modified=last_modified)
                if response.status != 200:
                    return Fetched(error=f"{host} answered HTTP {response.status}")
                if (response.content_length or 0) > config.max_bytes:
                    return Fetched(error=_too_large(config))
                body = bytearray()
                async for chunk in response.content.iter_chunked(CHUNK):
                    body.extend(chunk)
                    if len(body) > config.max_bytes:
                        return Fetched(error=_too_large(config))
                return Fetched(
                    body=bytes(body),
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
        except TimeoutError:
            return Fetched(error=f"{host} did not answer within {config.timeout_seconds:g} s")
        except asyncio.CancelledError:
            raise
        except (aiohttp.ClientError, OSError) as exc:
            # The exception's text may quote the address: only its kind is kept.
            return Fetched(error=f"{host} could not be reached ({type(exc).__name__})")
        except Exception as exc:  # an address aiohttp refuses, a broken answer: one feed's
            return Fetched(error=f"{host} could not be read ({type(exc).__name__})")

    return fetch


def _too_large(config: CalendarConfig) -> str:
    return f"the calendar is larger than {config.max_bytes // (1024 * 1024)} MB"
