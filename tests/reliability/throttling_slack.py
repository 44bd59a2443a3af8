"""A fake Slack Web API that rate-limits chosen chat.postMessage calls (429 with
Retry-After, as Slack does) and counts what it actually delivered, per channel."""

from __future__ import annotations

from collections import Counter

from aiohttp import web

from tests.adapters.fake_slack import Call, FakeSlackApi


class ThrottlingSlackApi(FakeSlackApi):
    def __init__(self, throttled: set[int], retry_after: int = 1) -> None:
        super().__init__()
        self.throttled = throttled  # 1-based numbers of the chat.postMessage calls to refuse
        self.retry_after = retry_after
        self.posts = 0
        self.refused = 0
        self.delivered: Counter[str] = Counter()

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["method"] != "chat.postMessage":
            return await super()._api(request)
        args = await self._args(request)
        self.posts += 1
        self._record(Call("chat.postMessage", args, dict(request.headers)))
        if self.posts in self.throttled:
            self.refused += 1
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(self.retry_after)},
            )
        self.delivered[args["channel"]] += 1
        return web.json_response({"ok": True, "channel": args["channel"], "ts": "1.000100"})
