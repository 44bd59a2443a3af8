"""Crash: `relcap serve` killed with SIGKILL while notes are in flight loses none that
Slack saw acknowledged, and redelivery after the restart doubles none."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

import aiohttp

from tests.adapters.slack_harness import SECRET
from tests.reliability.serve_process import ServeProcess
from tests.reliability.slack_requests import (
    Delivery,
    Outcome,
    deliver_all,
    headers_for,
    note,
    post,
)

CONTACTS = [
    f"{first} {last}"
    for first, last in zip(
        ("Jane", "Omar", "Lena", "Ravi", "Kim", "Tom", "Ines", "Yuki", "Carl", "Mia"),
        ("Doe", "Haddad", "Berg", "Iyer", "Park", "Wolfe", "Costa", "Sato", "Nilsen", "Rossi"),
        strict=True,
    )
]
NOTES = 500
KILL_AFTER = 200  # acknowledged notes before the kill: about midway
CONCURRENCY = 16
TIME_LIMIT = 120  # seconds for the whole scenario


def _export(home) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "export", "--format", "json"],
        env={"RELCAP_HOME": str(home), "PATH": ""},
        cwd=home,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def _counts(snapshot: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for workspace in snapshot["workspaces"]:
        for contact in workspace["contacts"]:
            for entry in contact["entries"]:
                if entry["source_id"]:
                    counts[entry["source_id"]] = counts.get(entry["source_id"], 0) + 1
    return counts


async def _send_and_kill(server: ServeProcess, deliveries: list[Delivery]) -> list[Outcome]:
    """Send everything; SIGKILL the server once KILL_AFTER notes were acknowledged."""
    gate = asyncio.Semaphore(CONCURRENCY)
    acknowledged = 0
    url = server.url + "/slack/events"

    async def one(session: aiohttp.ClientSession, delivery: Delivery) -> Outcome:
        nonlocal acknowledged
        async with gate:
            if not server.alive:
                return Outcome(delivery, None)
            headers = headers_for(delivery.body, "application/json")
            status, body = await post(session, url, delivery.body, headers)
            if status == 200:
                acknowledged += 1
                if acknowledged == KILL_AFTER:
                    server.kill()  # other requests are on the wire right now
            return Outcome(delivery, status, body)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as s:
        return list(await asyncio.gather(*(one(s, d) for d in deliveries)))


def test_a_kill_midway_loses_no_acknowledged_note_and_redelivery_doubles_none(tmp_path, fake_api):
    started = time.monotonic()
    home = tmp_path / "home"
    server = ServeProcess(
        home,
        {
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_BOT_TOKEN": "xoxb-crash",
            "SLACK_API_URL": f"{fake_api.url}/api/",
        },
    )
    try:
        server.start()
        # Every contact exists first, so each note below is a plain ledger entry.
        seed = [note(f"+1 {name} (Acme): first call", i) for i, name in enumerate(CONTACTS)]
        assert {o.status for o in asyncio.run(deliver_all(server.url, seed, 1))} == {200}

        notes = [
            note(
                f"+2 {CONTACTS[n % len(CONTACTS)]}: delivered item {n}",
                1000 + n,
                user=f"U{n % 5}",
            )
            for n in range(NOTES)
        ]
        outcomes = asyncio.run(_send_and_kill(server, notes))
        assert not server.alive, "the server was to be killed midway"
        answered = [o.delivery.event_id for o in outcomes if o.status == 200]
        unanswered = [o.delivery for o in outcomes if o.status is None]
        assert len(answered) >= KILL_AFTER
        assert unanswered, "the kill came after the last note"
        assert {o.status for o in outcomes} <= {200, None}

        # Restarted: every acknowledged note is there, once, before any redelivery.
        server.start()
        counts = _counts(_export(home))
        assert {event: counts.get(event, 0) for event in answered} == dict.fromkeys(answered, 1)

        # Slack redelivers what it got no answer for (and, at times, what it did).
        again = [Delivery(d.event_id, d.body, retry=1) for d in unanswered]
        again += [Delivery(o.delivery.event_id, o.delivery.body, retry=2) for o in outcomes[:50]]
        assert {o.status for o in asyncio.run(deliver_all(server.url, again))} == {200}
    finally:
        server.stop()

    counts = _counts(_export(home))
    every = [d.event_id for d in notes]
    assert {event: counts.get(event, 0) for event in every} == dict.fromkeys(every, 1)
    assert sum(counts.values()) == NOTES + len(CONTACTS)
    assert "Traceback" not in server.log()
    assert time.monotonic() - started < TIME_LIMIT
