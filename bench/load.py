"""A closed-loop load generator: `concurrency` clients on loopback, each sending its next
request as soon as the previous one is answered, for a fixed time (and count)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import aiohttp

from bench.common import Timing, summarise

Request = tuple[bytes, dict[str, str]]


async def _drive(
    url: str,
    make: Callable[[int], Request],
    concurrency: int,
    seconds: float,
    max_requests: int,
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    failures = 0
    counter = iter(range(max_requests))
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        deadline = started + seconds

        async def client() -> None:
            nonlocal failures
            for n in counter:  # shared: the count bounds all clients together
                if time.perf_counter() >= deadline:
                    return
                body, headers = make(n)
                t0 = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    ok = response.status == 200
                if ok:
                    latencies.append(time.perf_counter() - t0)
                else:
                    failures += 1

        await asyncio.gather(*(client() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, failures, wall


def run_load(
    label: str,
    url: str,
    make: Callable[[int], Request],
    concurrency: int,
    seconds: float,
    max_requests: int = 200_000,
) -> tuple[Timing, int]:
    """(timing of the 200 answers, count of other answers)."""
    latencies, failures, wall = asyncio.run(_drive(url, make, concurrency, seconds, max_requests))
    if not latencies:
        raise RuntimeError(f"{label}: no request answered 200 ({failures} failed)")
    return summarise(label, latencies, wall), failures
