"""A calendar's address is a secret (whoever has it reads the calendar): it is checked
and stored, and only ever shown as its host and a masked tail."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

MAX_URL = 2000


class BadAddress(ValueError):
    pass


def normalise(text: str) -> str:
    """The address to fetch: `webcal://` is HTTPS; Slack's <…> wrapping is dropped."""
    url = text.strip().strip("<>").split("|")[0].strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    if len(url) > MAX_URL:
        raise BadAddress(f"That address is longer than {MAX_URL} characters.")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadAddress(
            "That is not a calendar address: give the https:// (or webcal://) ICS address "
            "your calendar publishes, e.g. calendar add https://calendar.example/private.ics"
        )
    return url


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "")[:255]


def masked_tail(url: str) -> str:
    """The last four characters of the address, so a rep can tell two calendars apart."""
    return "…" + url.rstrip("/")[-4:]


def shown(host: str, tail: str) -> str:
    return f"{host}/{tail}" if tail else host
