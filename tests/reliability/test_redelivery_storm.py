"""Redelivery storm: each of 300 events delivered 1–4 times, out of order and at once,
is stored exactly once, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter

from tests.reliability.in_process import served
from tests.reliability.ledger_rows import export, source_ids
from tests.reliability.slack_requests import Delivery, deliver_all, note

EVENTS = 300
CONTACTS = ("Jane Doe", "Omar Haddad", "Lena Berg", "Ravi Iyer", "Kim Park", "Tom Wolfe")
TIME_LIMIT = 90


def test_every_event_is_stored_once_however_often_and_in_whatever_order_it_comes(
    db_url, tmp_path, fake_api, loop
):
    started = time.monotonic()
    rng = random.Random(6)
    notes = [
        note(f"+1 {CONTACTS[n % len(CONTACTS)]} (Acme): shipped fix {n}", n, user=f"U{n % 7}")
        for n in range(EVENTS)
    ]
    deliveries = [
        Delivery(d.event_id, d.body, retry=attempt)
        for d in notes
        for attempt in range(rng.randint(1, 4))
    ]
    rng.shuffle(deliveries)  # a retry may even overtake the first delivery

    with served(loop, tmp_path, db_url, fake_api) as slack:
        outcomes = asyncio.run(deliver_all(slack.url, deliveries, concurrency=24))

    assert Counter(o.status for o in outcomes) == {200: len(deliveries)}
    stored = source_ids(db_url)
    assert stored == Counter({d.event_id: 1 for d in notes})
    # Notes about one new contact arriving at once create that contact once.
    names = Counter(
        contact["name"] for ws in export(db_url)["workspaces"] for contact in ws["contacts"]
    )
    assert names == Counter(dict.fromkeys(CONTACTS, 1))
    assert time.monotonic() - started < TIME_LIMIT
