"""Slack over HTTP end to end: `relcap serve` on 1,000,000 entries against the bare-bolt floor.

Both servers run as subprocesses on loopback and receive the same signed requests
(`/relcap balance <contact>` and DM notes) from an aiohttp load generator in this
process, at each concurrency for a fixed time; a fake Slack Web API in a third
process answers the bot's outbound calls (users.info, chat.postMessage).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, select

from bench import slack_requests
from bench.common import Timing, fresh_database
from bench.load import Request, run_load
from bench.servers import ROOT, fake_slack, free_port, relcap_command, serve
from storage.models import Contact

CONTACTS = 10_000
ENTRIES = 1_000_000
CONCURRENCY = (1, 8, 32)
SECONDS = 8.0
WARM_SECONDS = 1.0
KINDS = ("balance", "note")

HEAD = (
    f"{'request':<22} {'conc':>4} {'n':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
    f"{'req/s':>6} │ {'floor p50':>9} {'floor/s':>7} │ {'p50 ×':>5} {'rate ×':>6}"
)


def load_ledger(db_url: str, home: Path) -> float:
    """`relcap demo` at benchmark scale, as a user would load it; returns seconds taken."""
    started = time.perf_counter()
    subprocess.run(
        [
            *relcap_command(),
            "demo",
            "--workspace",
            f"slack:{slack_requests.TEAM}",
            "--contacts",
            str(CONTACTS),
            "--entries",
            str(ENTRIES),
        ],
        env=_env(db_url, home),
        cwd=home,
        check=True,
        timeout=600,
    )
    return time.perf_counter() - started


def contact_names(db_url: str, count: int = 2000) -> list[str]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        names = list(connection.scalars(select(Contact.name).order_by(Contact.id).limit(count)))
    engine.dispose()
    return names


def _env(db_url: str, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "RELCAP_HOME": str(home),
        "RELCAP_LOG_LEVEL": "WARNING",
    }


def serve_env(db_url: str, home: Path, fake_url: str, port: int) -> dict[str, str]:
    """`relcap serve` on loopback, Slack only, its Web API calls to the fake."""
    return {
        **_env(db_url, home),
        "SLACK_SIGNING_SECRET": slack_requests.SECRET,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_API_URL": f"{fake_url}/api/",
        "RELCAP_HOST": "127.0.0.1",
        "RELCAP_PORT": str(port),
    }


def requests_for(kind: str, names: list[str], response_url: str, run: str) -> Callable:
    if kind == "balance":
        return lambda n: slack_requests.balance_command(n, names[n % len(names)], response_url)
    return lambda n: slack_requests.dm_note(n, names[(n * 7) % len(names)], run)


def measure(label: str, url: str, names: list[str], fake_url: str) -> dict[str, Timing]:
    """Every (request kind, concurrency) against one server, after a short warm-up."""
    results: dict[str, Timing] = {}
    events = url + "/slack/events"
    for kind in KINDS:
        make: Callable[[int], Request] = requests_for(kind, names, f"{fake_url}/response/b", "w")
        run_load(f"{label} warm-up", events, make, 4, WARM_SECONDS)
        for concurrency in CONCURRENCY:
            run_id = f"{label[0]}{kind[0]}{concurrency}"
            make = requests_for(kind, names, f"{fake_url}/response/b", run_id)
            timing, failed = run_load(f"{kind} c={concurrency}", events, make, concurrency, SECONDS)
            if failed:
                print(f"  {label} {kind} c={concurrency}: {failed} answers were not 200")
            results[f"{kind}-c{concurrency}"] = timing
    return results


def run_database(kind: str) -> dict:
    with (
        fresh_database(kind) as db_url,
        tempfile.TemporaryDirectory(prefix="relcap-http-") as tmp,
        fake_slack() as fake,
    ):
        home = Path(tmp)
        load_seconds = load_ledger(db_url, home)
        names = contact_names(db_url)
        port = free_port()
        floor_cmd = [sys.executable, "-m", "bench.bare_bolt", str(port), f"{fake.url}/api/"]
        with serve(floor_cmd, {}, port, ROOT) as floor:
            floor_results = measure("floor", floor.url, names, fake.url)
        port = free_port()
        env = serve_env(db_url, home, fake.url, port)
        with serve([*relcap_command(), "serve"], env, port, home) as ours:
            our_results = measure("relcap", ours.url, names, fake.url)
            rss = ours.peak_rss_mb()
    return {
        "load_seconds": load_seconds,
        "peak_rss_mb": rss,
        "floor": floor_results,
        "relcap": our_results,
        "fake_slack_calls": fake.calls,
    }


def print_table(kind: str, result: dict) -> None:
    print(f"\nSlack over HTTP · {kind} · {ENTRIES:,} entries over {CONTACTS:,} contacts")
    print(HEAD)
    for key, ours in result["relcap"].items():
        floor = result["floor"][key]
        request, conc = key.split("-c")
        print(
            f"{request:<22} {conc:>4} {ours.count:>6} {ours.p50_ms:>7.2f} {ours.p95_ms:>7.2f} "
            f"{ours.p99_ms:>7.2f} {ours.per_second:>6.0f} │ {floor.p50_ms:>9.2f} "
            f"{floor.per_second:>7.0f} │ {ours.p50_ms / floor.p50_ms:>5.1f} "
            f"{floor.per_second / ours.per_second:>6.1f}"
        )
    print(
        f"  loaded in {result['load_seconds']:.0f} s · peak RSS of relcap serve "
        f"{result['peak_rss_mb']:.0f} MB · fake Slack answered {result['fake_slack_calls']}"
    )


def run(kinds: list[str]) -> dict:
    results = {}
    for kind in kinds:
        results[kind] = run_database(kind)
        print_table(kind, results[kind])
    return results
