"""Teams notes over HTTP: POST /api/messages on the real app, replies to a fake connector.

    .venv/bin/python -m bench.teams_http [notes]      (or `python -m bench teams`)

Prints p50/p95 latency of one note (request in → note committed → reply delivered →
response out), one client on loopback, in process.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.common import HEADER, fresh_database, summarise
from tests.adapters.teams_activities import message
from tests.adapters.teams_server import settings_for, teams_server


async def measure(count: int, db_url: str | None = None) -> list[float]:
    with tempfile.TemporaryDirectory() as home:
        db_url = db_url or f"sqlite:///{Path(home) / 'relcap.db'}"
        async with teams_server(settings_for(db_url, home)) as served:
            timings = []
            for index in range(count):
                note = message(
                    f"+1 Contact {index % 50}: call number {index}",
                    activity_id=f"bench-{index}",
                    service_url=served.connector.url,
                )
                started = time.perf_counter()
                response = await served.post(note)
                timings.append(time.perf_counter() - started)
                assert response.status == 201
            assert len(served.connector.sent) == count
            return timings


def run(kinds: list[str], count: int = 300) -> dict:
    print(f"\nTeams over HTTP (in process, one client, {count} notes, an empty database)")
    print(HEADER)
    results = {}
    for kind in kinds:
        with fresh_database(kind) as url:
            started = time.perf_counter()
            timings = asyncio.run(measure(count, url))
            wall = time.perf_counter() - started
        results[kind] = summarise(f"{kind} note → reply delivered", timings, wall)
        print(results[kind].row())
    return results


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    timings = sorted(asyncio.run(measure(count)))
    p50 = statistics.median(timings) * 1000
    p95 = timings[int(len(timings) * 0.95) - 1] * 1000
    print(f"{count} Teams notes over HTTP (SQLite): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
