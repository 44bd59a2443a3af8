"""Two instances: two `relcap serve` processes on one PostgreSQL database, notes sent
to both (redeliveries crossing over), and a nudge window passing: each nudge is sent
once, each note stored once."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from storage.engine import make_engine, make_session_factory
from storage.nudges.models import Nudge
from tests.adapters.slack_harness import SECRET
from tests.reliability.ledger_rows import source_ids
from tests.reliability.serve_process import ServeProcess
from tests.reliability.slack_requests import Delivery, deliver_all, note
from tests.reliability.throttling_slack import ThrottlingSlackApi

REPS = 10
NOTES = 120
TICK_SECONDS = 5
NUDGE_SECONDS = 40  # for every rep's nudge to go out, a few ticks at most
EXTRA_PASSES = 2  # passes each instance runs after that, which must send nothing more
TIME_LIMIT = 150


@pytest.fixture
def slack_api(loop):
    fake = ThrottlingSlackApi(set())  # throttles nothing: counts deliveries per channel
    loop.run(fake.start())
    yield fake
    loop.run(fake.stop())


def _nudges_per_channel(fake: ThrottlingSlackApi) -> Counter:
    """Daily questions posted, by channel (a question carries nudge.* buttons)."""
    found: Counter = Counter()
    for call in fake.of("chat.postMessage"):
        blocks = call.args.get("blocks") or []
        ids = [e.get("action_id", "") for b in blocks for e in b.get("elements", [])]
        if any(i.startswith("nudge.answer") for i in ids):
            found[call.args["channel"]] += 1
    return found


def _passes(server: ServeProcess) -> int:
    return server.log().count("executed successfully")  # APScheduler, once per tick


def test_two_servers_send_each_nudge_once_and_store_each_note_once(
    pg_database, tmp_path, slack_api
):
    started = time.monotonic()
    url = pg_database.render_as_string(hide_password=False)
    env = {
        "DATABASE_URL": url,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": "xoxb-two",
        "SLACK_API_URL": f"{slack_api.url}/api/",
        "RELCAP_NUDGE_TICK_SECONDS": str(TICK_SECONDS),
        "RELCAP_LOG_LEVEL": "INFO",
    }
    servers = [ServeProcess(tmp_path / name, env) for name in ("a", "b")]
    now = datetime.now(UTC)
    send_time = (now - timedelta(minutes=2)).strftime("%H:%M")
    # Until the rep is set up, a time that is never due (not yet today, long past
    # yesterday, in UTC or Berlin): a weekday morning's default 09:00 would otherwise
    # claim the day before the rep has a contact to be asked about.
    not_yet = (now + timedelta(hours=4)).strftime("%H:%M")
    try:
        for server in servers:
            server.start()
        serial = 0

        def rep_says(n: int, text: str) -> Delivery:
            nonlocal serial
            serial += 1
            return note(text, serial, user=f"U{n:03d}")

        # Each rep sets up through one instance or the other, a step at a time.
        for step in (
            lambda _n: f"nudges time {not_yet}",
            lambda _n: "nudges tz UTC",
            lambda n: f"contact add Client {n} (Acme)",
            lambda n: f"-1 Client {n}: missed the deadline",
            lambda _n: "nudges days mon-sun",
            lambda _n: f"nudges time {send_time}",
        ):
            for index, server in enumerate(servers):
                batch = [rep_says(n, step(n)) for n in range(index, REPS, 2)]
                outcomes = asyncio.run(deliver_all(server.url, batch, concurrency=4))
                assert {o.status for o in outcomes} == {200}

        # Notes to both, each delivered to one and redelivered to the other.
        notes = [rep_says(n % REPS, f"+1 Client {n % REPS}: update {n}") for n in range(NOTES)]
        a, b = servers
        first = asyncio.run(deliver_all(a.url, notes, concurrency=8))
        again = [Delivery(d.event_id, d.body, retry=1) for d in notes]
        second = asyncio.run(deliver_all(b.url, again, concurrency=8))
        assert {o.status for o in first + second} == {200}

        deadline = time.monotonic() + NUDGE_SECONDS
        while len(_nudges_per_channel(slack_api)) < REPS:
            assert time.monotonic() < deadline, _nudges_per_channel(slack_api)
            time.sleep(0.2)  # polling the fake's record, bounded by the deadline
        done = [_passes(server) for server in servers]
        deadline = time.monotonic() + (EXTRA_PASSES + 1) * TICK_SECONDS + 10
        while any(_passes(s) < d + EXTRA_PASSES for s, d in zip(servers, done, strict=True)):
            assert time.monotonic() < deadline, "the schedulers stopped ticking"
            time.sleep(0.2)
        assert all(server.alive for server in servers)
    finally:
        for server in servers:
            server.stop()

    assert _nudges_per_channel(slack_api) == Counter({f"DU{n:03d}": 1 for n in range(REPS)})
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        questions = [n.status for n in session.scalars(select(Nudge)) if n.kind == "question"]
    engine.dispose()
    assert questions == ["sent"] * REPS
    stored = source_ids(url)
    assert all(stored[d.event_id] == 1 for d in notes)
    assert max(stored.values()) == 1
    for server in servers:
        assert "Traceback" not in server.log()
    assert time.monotonic() - started < TIME_LIMIT
