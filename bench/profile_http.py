"""Where `relcap serve` spends its time under the http suite's load (py-spy, sampling).

    .venv/bin/pip install py-spy
    .venv/bin/python -m bench.profile_http [--database sqlite] [--request balance]
        [--concurrency 32] [--entries 100000] [--seconds 8]

Loads a ledger, starts `relcap serve`, attaches py-spy to it while the load runs and
prints the share of the samples (threads at work, not idle) spent under each part of
the request path.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import http_slack
from bench.common import fresh_database
from bench.load import run_load
from bench.servers import fake_slack, free_port, relcap_command, serve

# (label, a frame that marks the part): a sample counts for the first part listed here
# whose frame is on its stack.
PARTS = (
    ("core: parse, decide, SQL (worker thread)", "Core.handle_message ("),
    ("reply delivery: chat.postMessage after the 200", "bot/slack/delivery.py:"),
    ("bolt dispatch, middleware, our listener (loop)", "AsyncApp.async_dispatch ("),
    ("aiohttp server: parse request, write response", "aiohttp/web_protocol.py:"),
    ("asyncio loop: callbacks, selector, thread hand-off", "asyncio/base_events.py:"),
)


def attribute(raw: Path) -> list[tuple[str, float]]:
    counts: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit() or stack.rsplit(";", 1)[-1].startswith("_worker ("):
            continue  # an idle thread-pool worker waiting for work
        total += int(n)
        part = next((label for label, mark in PARTS if mark in stack), "other")
        counts[part] += int(n)
    return [(label, 100 * count / max(total, 1)) for label, count in counts.most_common()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--request", default="balance", choices=http_slack.KINDS)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--raw", type=Path, default=None, help="keep py-spy's stacks here")
    args = parser.parse_args()
    spy = Path(sys.executable).with_name("py-spy")
    if not spy.exists():
        sys.exit("py-spy is not installed here: .venv/bin/pip install py-spy")
    http_slack.ENTRIES = args.entries
    with (
        fresh_database(args.database) as db_url,
        tempfile.TemporaryDirectory(prefix="relcap-prof-") as tmp,
        fake_slack() as fake,
    ):
        home = Path(tmp)
        http_slack.load_ledger(db_url, home)
        names = http_slack.contact_names(db_url)
        port = free_port()
        env = http_slack.serve_env(db_url, home, fake.url, port)
        with serve([*relcap_command(), "serve"], env, port, home) as ours:
            events = ours.url + "/slack/events"
            make = http_slack.requests_for(args.request, names, f"{fake.url}/response/p", "pw")
            run_load("warm-up", events, make, 4, 1.0)
            raw = home / "profile.txt"
            sampler = subprocess.Popen(
                [str(spy), "record", "--pid", str(ours.process.pid), "--format", "raw",
                 "--rate", "200", "--duration", str(int(args.seconds) + 1), "--output", str(raw)],
            )  # fmt: skip
            time.sleep(0.5)  # let py-spy attach
            make = http_slack.requests_for(args.request, names, f"{fake.url}/response/p", "pm")
            timing, _ = run_load(args.request, events, make, args.concurrency, args.seconds)
            sampler.wait(args.seconds + 30)
        parts = attribute(raw)
        if args.raw is not None:
            args.raw.write_text(raw.read_text())
    print(f"{args.database} {args.request} at concurrency {args.concurrency}: {timing.row()}")
    for label, share in parts:
        print(f"  {share:5.1f}%  {label}")


if __name__ == "__main__":
    main()
