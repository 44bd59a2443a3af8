"""The floor: a bare bolt AsyncApp on aiohttp whose listeners only acknowledge.

    python -m bench.bare_bolt PORT SLACK_API_URL

Same framework, same mode (process_before_response=True, so no 10 ms polling for
ack()), same signature check and same aiohttp conversion as `relcap serve`; no core.
"""

from __future__ import annotations

import re
import sys

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bench.slack_requests import SECRET


def build(api_url: str) -> web.Application:
    bolt = AsyncApp(
        signing_secret=SECRET,
        client=AsyncWebClient(token="xoxb-floor", base_url=api_url),
        process_before_response=True,
    )

    @bolt.command(re.compile(r"^/"))
    async def command(ack) -> None:
        await ack()

    @bolt.event("message")
    async def message(ack) -> None:
        await ack()

    async def events(request: web.Request) -> web.Response:
        body = (await request.read()).decode("utf-8")
        bolt_request = AsyncBoltRequest(
            body=body, query=request.query_string, headers=request.headers
        )
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    app = web.Application()
    app.router.add_post("/slack/events", events)
    app.router.add_get("/healthz", healthz)
    return app


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


if __name__ == "__main__":
    web.run_app(build(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[1]), print=None)
