"""Signed Slack requests, sent concurrently over loopback with aiohttp."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from dataclasses import dataclass

import aiohttp

from tests.adapters.slack_harness import SlackHarness, fixture, sign

REQUEST_SECONDS = 15


@dataclass(frozen=True)
class Delivery:
    event_id: str
    body: bytes
    retry: int = 0  # 0 for the first delivery, else X-Slack-Retry-Num


@dataclass
class Outcome:
    delivery: Delivery
    status: int | None  # None: no answer (connection refused, cut, or timed out)
    body: bytes = b""


def note_payload(text: str, serial: int, team: str = "T123ABC456", user: str = "U1") -> dict:
    """A DM note as Slack sends it: its own event id and message ts."""
    return SlackHarness.dm(
        text,
        event_id=event_id(serial),
        team=team,
        user=user,
        ts=f"1700000000.{serial:06d}",
        channel=f"D{user}",
    )


def event_id(serial: int) -> str:
    return f"Ev{serial:08d}"


def note(text: str, serial: int, **where) -> Delivery:
    return Delivery(event_id(serial), json.dumps(note_payload(text, serial, **where)).encode())


def command_body(text: str, team: str, user: str, channel: str = "C0CHANNEL") -> bytes:
    fields = {
        "token": "verification",
        "team_id": team,
        "team_domain": "example",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/relcap",
        "text": text,
        "api_app_id": "A0PNCHHK2",
        "is_enterprise_install": "false",
        "response_url": "http://127.0.0.1:9/response",
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
    }
    return urllib.parse.urlencode(fields).encode()


def press_body(
    action_id: str, value: str, team: str, user: str, response_url: str = "http://127.0.0.1:9/r"
) -> bytes:
    """A Block Kit button press (block_actions) on a message in the rep's DM."""
    payload = fixture("block_actions.json")
    payload["team"] = {"id": team, "domain": "example"}
    payload["user"].update(id=user, team_id=team)
    payload["container"] = {"type": "message", "message_ts": "1.2", "channel_id": f"D{user}"}
    payload["channel"]["id"] = f"D{user}"
    payload["response_url"] = response_url
    payload["actions"][0].update(action_id=action_id, value=value, block_id="relcap.0")
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


def headers_for(body: bytes, content_type: str, retry: int = 0) -> dict[str, str]:
    headers = {"Content-Type": content_type, **sign(body)}
    if retry:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"})
    return headers


async def post(
    session: aiohttp.ClientSession, url: str, body: bytes, headers: dict
) -> tuple[int | None, bytes]:
    try:
        timeout = aiohttp.ClientTimeout(total=REQUEST_SECONDS)
        async with session.post(url, data=body, headers=headers, timeout=timeout) as response:
            return response.status, await response.read()
    except (aiohttp.ClientError, TimeoutError, ConnectionError):
        return None, b""


async def deliver_all(
    base_url: str, deliveries: list[Delivery], concurrency: int = 16
) -> list[Outcome]:
    """Every delivery, `concurrency` at a time, in the order given (each signed when sent)."""
    gate = asyncio.Semaphore(concurrency)
    url = base_url + "/slack/events"

    async def one(session: aiohttp.ClientSession, delivery: Delivery) -> Outcome:
        async with gate:
            headers = headers_for(delivery.body, "application/json", delivery.retry)
            status, body = await post(session, url, delivery.body, headers)
            return Outcome(delivery, status, body)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        return list(await asyncio.gather(*(one(session, d) for d in deliveries)))


def send_form(base_url: str, body: bytes) -> tuple[int | None, bytes]:
    """One signed form-encoded request (a slash command or an interaction)."""

    async def go():
        async with aiohttp.ClientSession() as session:
            headers = headers_for(body, "application/x-www-form-urlencoded")
            return await post(session, base_url + "/slack/events", body, headers)

    return asyncio.run(go())


def send_command(base_url: str, text: str, team: str, user: str) -> tuple[int | None, bytes]:
    return send_form(base_url, command_body(text, team, user))
