"""Our real web app and a fake Slack Web API on one background event loop, driven
over loopback HTTP with requests signed as Slack signs them."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from sqlalchemy import select

from bot.app import App
from bot.web import build_web_app
from storage.models import LedgerEntry
from tests.adapters.fake_slack import FakeSlackApi
from tests.adapters.slack_models import assert_valid_call

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "slack"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def sign(body: bytes, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's request signature: v0=HMAC_SHA256(secret, "v0:{ts}:{body}")."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


class LoopThread:
    """An asyncio loop in a thread, so plain tests can talk HTTP to servers on it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coro, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


@dataclass
class Answer:
    status: int
    body: bytes

    def json(self):
        return json.loads(self.body) if self.body else None


class SlackHarness:
    def __init__(self, loop: LoopThread, app: App, fake: FakeSlackApi) -> None:
        self.loop, self.app, self.fake = loop, app, fake
        self._runner: web.AppRunner | None = None
        self.url = ""

    def start(self) -> None:
        async def start() -> str:
            self._runner = web.AppRunner(build_web_app(self.app))
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            host, port = self._runner.addresses[0][:2]
            return f"http://{host}:{port}"

        self.url = self.loop.run(start())

    def stop(self) -> None:
        if self._runner is not None:
            self.loop.run(self._runner.cleanup())  # drains replies still in flight

    # --- requests as Slack sends them ------------------------------------------------

    def post(
        self,
        body: bytes,
        content_type: str,
        headers: dict | None = None,
        path: str = "/slack/events",
    ) -> Answer:
        request = urllib.request.Request(
            self.url + path,
            data=body,
            method="POST",
            headers={"Content-Type": content_type, **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return Answer(response.status, response.read())
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, exc.read())

    def signed(
        self, body: bytes, content_type: str, extra: dict | None = None, **sign_args
    ) -> Answer:
        return self.post(body, content_type, {**sign(body, **sign_args), **(extra or {})})

    def event(self, payload: dict, retry: int | None = None, **sign_args) -> Answer:
        extra = (
            {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
            if retry
            else {}
        )
        return self.signed(json.dumps(payload).encode(), "application/json", extra, **sign_args)

    def interaction(self, payload: dict) -> Answer:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.signed(body, "application/x-www-form-urlencoded")

    def command(
        self, text: str, team: str = "T111", user: str = "W111", channel: str = "D111"
    ) -> Answer:
        fields = dict(urllib.parse.parse_qsl((FIXTURES / "slash_command_body.txt").read_text()))
        for grid_only in ("enterprise_id", "enterprise_name"):  # a plain workspace install
            fields.pop(grid_only)
        fields.update(
            command="/relcap",
            text=text,
            team_id=team,
            user_id=user,
            channel_id=channel,
            response_url=f"{self.fake.url}/response/cmd",
        )
        body = urllib.parse.urlencode(fields).encode()
        answer = self.signed(body, "application/x-www-form-urlencoded")
        if answer.status == 200 and answer.body:  # the answer rides on the acknowledgement
            assert_valid_call(answer.json())
        return answer

    # --- payload builders from the fixture shapes ----------------------------------------

    @staticmethod
    def dm(
        text: str,
        event_id: str = "Ev0PV52K21",
        team: str = "T123ABC456",
        user: str = "U2147483697",
        ts: str = "1355517523.000005",
        **event_fields,
    ) -> dict:
        payload = copy.deepcopy(fixture("event_message_im.json"))
        payload.update(event_id=event_id, team_id=team)
        payload["authorizations"][0]["team_id"] = team
        payload["event"].update(text=text, user=user, ts=ts, event_ts=ts, **event_fields)
        return payload

    def press(
        self, button: dict, container: dict, team: str = "T123ABC456", user: str = "U2147483697"
    ) -> Answer:
        payload = copy.deepcopy(fixture("block_actions.json"))
        payload["team"]["id"] = team
        payload["user"].update(id=user, team_id=team)
        payload["container"] = container
        payload["channel"]["id"] = container.get("channel_id", "D024BE91L")
        payload["response_url"] = f"{self.fake.url}/response/press"
        payload["actions"][0].update(
            action_id=button["action_id"], value=button["value"], block_id="relcap.0"
        )
        return self.interaction(payload)

    def submit(
        self,
        view: dict,
        values: dict[str, dict],
        team: str = "T111",
        user: str = "W111",
        view_id: str = "V111",
    ) -> Answer:
        payload = copy.deepcopy(fixture("view_submission.json"))
        payload["team"]["id"] = team
        payload["user"].update(id=user, team_id=team)
        payload["view"].update(
            id=view_id,
            blocks=view["blocks"],
            callback_id=view["callback_id"],
            private_metadata=view["private_metadata"],
            state={"values": values},
        )
        return self.interaction(payload)

    # --- what was saved ----------------------------------------------------------------

    def entries(self) -> list[LedgerEntry]:
        with self.app.session_factory() as session:
            return list(session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)))


def buttons_of(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def button(blocks: list[dict], label: str) -> dict:
    found = [b for b in buttons_of(blocks) if label.lower() in b["text"]["text"].lower()]
    assert found, f"no button {label!r} in {[b['text']['text'] for b in buttons_of(blocks)]}"
    return found[0]


def text_of(blocks: list[dict]) -> str:
    parts = []
    for block in blocks:
        if "text" in block and isinstance(block["text"], dict):
            parts.append(block["text"]["text"])
        parts += [f["text"] for f in block.get("fields", [])]
        parts += [
            e.get("text", "") for e in block.get("elements", []) if block["type"] == "context"
        ]
    return "\n".join(parts)
