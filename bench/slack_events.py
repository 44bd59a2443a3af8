"""How fast Slack hears "200" for a DM note: signed requests to the real app over loopback.

Run by hand: `.venv/bin/python -m bench.slack_events [--notes 300] [--concurrency 16]
[--database-url postgresql+psycopg://…]` (use an empty database: it writes notes).
Each note is parsed, resolved, committed to SQLite, then acknowledged; the reply is
posted afterwards to a fake Slack Web API on loopback (not part of the measured time).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp

from bot.app import build_app
from bot.settings import Settings
from tests.adapters.fake_slack import FakeSlackApi
from tests.adapters.slack_harness import SECRET, LoopThread, SlackHarness, sign


def _settings(home: Path, fake: FakeSlackApi, database_url: str | None) -> Settings:
    return Settings(
        _env_file=None,
        home=home,
        DATABASE_URL=database_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_API_URL=f"{fake.url}/api/",
    )


def _note(n: int) -> bytes:
    payload = SlackHarness.dm(
        f"+{1 + n % 3} Contact {n % 50} (Acme): shipped item {n}", event_id=f"EvBench{n}"
    )
    return json.dumps(payload).encode()


async def _send(session: aiohttp.ClientSession, url: str, body: bytes) -> float:
    headers = {"Content-Type": "application/json", **sign(body)}
    started = time.perf_counter()
    async with session.post(url, data=body, headers=headers) as response:
        await response.read()
        assert response.status == 200, response.status
    return time.perf_counter() - started


async def _run(url: str, notes: int, concurrency: int, offset: int) -> tuple[list[float], float]:
    bodies = [_note(offset + n) for n in range(notes)]
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    latencies: list[float] = []

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            latencies.append(await _send(session, url, queue.get_nowait()))

    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return latencies, time.perf_counter() - started


def _report(label: str, latencies: list[float], elapsed: float) -> None:
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(
        f"{label:<28} n={len(ms):<5} p50={statistics.median(ms):6.1f} ms  "
        f"p95={p95:6.1f} ms  {len(ms) / elapsed:7.0f} notes/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    args = parser.parse_args()
    loop = LoopThread()
    fake = FakeSlackApi()
    loop.run(fake.start())
    with tempfile.TemporaryDirectory() as home:
        app = build_app(_settings(Path(home), fake, args.database_url))
        harness = SlackHarness(loop, app, fake)
        harness.start()
        url = harness.url + "/slack/events"
        asyncio.run(_run(url, 20, 1, 10**6))  # warm-up: imports, connections, users.info
        _report("DM note, one at a time", *asyncio.run(_run(url, args.notes, 1, 0)))
        _report(
            f"DM note, concurrency {args.concurrency}",
            *asyncio.run(_run(url, args.notes, args.concurrency, args.notes)),
        )
        harness.stop()
        app.close()
    loop.run(fake.stop())
    loop.close()


if __name__ == "__main__":
    main()
