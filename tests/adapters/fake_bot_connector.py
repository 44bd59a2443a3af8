"""A small Bot Framework connector on loopback that records what the bot sent.

It answers the three calls a bot makes in a turn: send to a conversation, reply to an
activity, and update an activity. `fail_next` makes the next calls fail with a 503; a
message over Teams' size limit is refused with a 413, as Teams does.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Call:
    method: str
    conversation_id: str
    activity_id: str | None
    body: dict
    authorization: str | None
    size: int = 0  # bytes of the body as received


@dataclass
class FakeBotConnector:
    calls: list[Call] = field(default_factory=list)
    fail_next: int = 0
    refuse_updates: bool = False  # as Teams does for a message the bot may not edit
    max_bytes: int = 28_000  # Teams refuses a larger message (HTTP 413)
    failures: int = 0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    url: str = ""

    async def start(self) -> FakeBotConnector:
        app = web.Application()
        base = "/v3/conversations/{conversation_id}/activities"
        app.router.add_post(base, self._record)
        app.router.add_post(base + "/{activity_id}", self._record)
        app.router.add_put(base + "/{activity_id}", self._record)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _record(self, request: web.Request) -> web.Response:
        if self.fail_next > 0:
            self.fail_next -= 1
            self.failures += 1
            return web.json_response(
                {"error": {"code": "ServiceUnavailable", "message": "try later"}}, status=503
            )
        if self.refuse_updates and request.method == "PUT":
            return web.json_response(
                {"error": {"code": "Forbidden", "message": "cannot edit"}}, status=403
            )
        raw = await request.read()
        if len(raw) > self.max_bytes:
            return web.json_response(
                {"error": {"code": "MessageSizeTooBig", "message": "too large"}}, status=413
            )
        self.calls.append(
            Call(
                method=request.method,
                conversation_id=request.match_info["conversation_id"],
                activity_id=request.match_info.get("activity_id"),
                body=await request.json(),
                authorization=request.headers.get("Authorization"),
                size=len(raw),
            )
        )
        return web.json_response({"id": f"sent-{next(self._ids)}"})

    @property
    def sent(self) -> list[dict]:
        """Bodies of new messages (POST), oldest first."""
        return [c.body for c in self.calls if c.method == "POST"]

    @property
    def updates(self) -> list[Call]:
        return [c for c in self.calls if c.method == "PUT"]
