"""A fake Slack Web API on loopback that records every call, as bolt's own tests do.

It answers like Slack ({"ok": true, ...}), can be told to fail a method a few times
(429 with Retry-After, or 5xx), and also plays the response_url endpoint.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

from aiohttp import web

BOT_USER = "UBOTRELCAP"


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response_url" for a POST to a response_url
    args: dict
    headers: dict = field(default_factory=dict)
    peer: tuple | None = None  # the caller's (host, port): one port means one connection


class FakeSlackApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.zones: dict[str, str] = {}  # user id → tz that users.info reports
        self.names: dict[str, str] = {}  # user id → real name that users.info reports
        self.installing_team = "TOAUTH"
        self._failures: dict[str, list[tuple[int, dict]]] = {}
        self._changed = threading.Condition()
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self.url = ""

    # --- control from tests (any thread) -------------------------------------------

    def fail(self, method: str, status: int, times: int = 1, retry_after: int | None = None):
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self._failures.setdefault(method, []).extend([(status, headers)] * times)

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """The calls of `method` once there are `count` of them (replies are sent after ack)."""
        with self._changed:
            done = self._changed.wait_for(lambda: len(self.of(method)) >= count, timeout)
        assert done, f"expected {count} {method} call(s); got {[c.method for c in self.calls]}"
        return self.of(method)

    # --- the server (runs on the test's event loop) --------------------------------

    async def start(self) -> str:
        web_app = web.Application()
        web_app.router.add_get("/socket", self._socket)
        web_app.router.add_route("*", "/api/{method}", self._api)
        web_app.router.add_post("/response/{token}", self._response_url)
        web_app.router.add_post("/upload/{file_id}", self._upload)
        self._runner = web.AppRunner(web_app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self.url

    async def push(self, envelope: dict) -> None:
        """Send a Socket Mode envelope to the newest connected app."""
        await self._sockets[-1].send_json(envelope)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        self._record(Call("socket_connected", {}))
        async for frame in socket:  # the app's acknowledgements
            self._record(Call("socket_ack", json.loads(frame.data)))
        return socket

    async def stop(self) -> None:
        for socket in self._sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _args(self, request: web.Request) -> dict:
        args: dict = dict(request.query)  # slack-sdk sends some methods' params in the URL
        if request.method == "GET":  # e.g. users.info
            return args
        if request.content_type == "application/json":
            return {**args, **(await request.json())}
        for key, value in (await request.post()).items():
            try:  # slack-sdk sends blocks/view/files as JSON strings inside a form
                args[key] = json.loads(value) if key in ("blocks", "view", "files") else value
            except (TypeError, ValueError):
                args[key] = value
        return args

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        peer = request.transport.get_extra_info("peername") if request.transport else None
        call = Call(method, await self._args(request), dict(request.headers), peer)
        self._record(call)
        pending = self._failures.get(method)
        if pending:
            status, headers = pending.pop(0)
            return web.json_response({"ok": False, "error": "fake"}, status=status, headers=headers)
        return web.json_response({"ok": True, **self._answer(method, call.args)})

    async def _response_url(self, request: web.Request) -> web.Response:
        self._record(Call("response_url", await request.json(), dict(request.headers)))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self._record(Call("upload", {"file_id": request.match_info["file_id"], "data": data}))
        return web.Response(text="OK")

    def _answer(self, method: str, args: dict) -> dict:
        if method == "auth.test":
            return {
                "user_id": BOT_USER,
                "bot_id": "BBOT",
                "team_id": "T123ABC456",
                "user": "relcap",
                "team": "Fake",
                "url": "https://fake.slack.com/",
            }
        if method == "oauth.v2.access":  # an install into the team the test names
            team = self.installing_team
            return {
                "access_token": f"xoxb-{team}",
                "token_type": "bot",
                "app_id": "A111",
                "scope": "chat:write,commands",
                "bot_user_id": "UBOT" + team,
                "team": {"id": team, "name": f"Team {team}"},
                "enterprise": None,
                "is_enterprise_install": False,
                "authed_user": {"id": "UINSTALLER"},
            }
        if method == "apps.connections.open":
            return {"url": self.url.replace("http://", "ws://") + "/socket"}
        if method == "files.getUploadURLExternal":
            return {"upload_url": f"{self.url}/upload/F0001", "file_id": "F0001"}
        if method == "files.completeUploadExternal":
            return {"files": [{"id": "F0001", "title": "chart"}]}
        if method == "users.info":
            user = args.get("user", "")
            return {
                "user": {
                    "id": user,
                    "name": user.lower(),
                    "real_name": self.names.get(user, f"Rep {user}"),
                    "tz": self.zones.get(user, "Europe/Berlin"),
                    "profile": {},
                }
            }
        if method in ("chat.postMessage", "chat.update"):
            return {"channel": args.get("channel"), "ts": args.get("ts") or "1700000000.000100"}
        if method == "chat.getPermalink":
            channel, ts = args.get("channel", ""), str(args.get("message_ts", ""))
            return {
                "channel": channel,
                "permalink": f"https://fake.slack.com/archives/{channel}/p{ts.replace('.', '')}",
            }
        if method in ("views.open", "views.publish"):
            return {"view": {"id": "VFAKE", **(args.get("view") or {})}}
        return {}
