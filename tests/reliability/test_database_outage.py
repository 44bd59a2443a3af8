"""Database outage: PostgreSQL unreachable for a few seconds while notes arrive. Slack
hears a non-2xx (so it redelivers), a slash command a clear "try again", the server
recovers without a restart, and no note is lost once redelivered."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from collections import Counter

from handlers.core import TRY_AGAIN
from tests.adapters.fake_bot_connector import FakeBotConnector
from tests.adapters.slack_harness import SECRET
from tests.adapters.teams_activities import card_of, message, texts
from tests.reliability.ledger_rows import source_ids
from tests.reliability.serve_process import ServeProcess
from tests.reliability.slack_requests import (
    Delivery,
    deliver_all,
    note,
    press_body,
    send_command,
    send_form,
)
from tests.reliability.tcp_proxy import TcpProxy

BATCH = 10
OUTAGE_SECONDS = 3  # notes keep arriving for this long while the database is away
OUTAGE_NOTES_MAX = 80
PACE_SECONDS = 0.25  # spreads the outage's notes over its length; nothing waits on it
RECOVERY_SECONDS = 30
TIME_LIMIT = 120


def test_notes_during_an_outage_are_refused_for_redelivery_and_none_is_lost(
    pg_database, tmp_path, fake_api, loop
):
    started = time.monotonic()
    proxy = loop.run(TcpProxy(pg_database.host or "127.0.0.1", pg_database.port or 5432).start())
    through_proxy = pg_database.set(host="127.0.0.1", port=proxy.port).render_as_string(
        hide_password=False
    )
    direct = pg_database.render_as_string(hide_password=False)
    connector = loop.run(FakeBotConnector().start())
    server = ServeProcess(
        tmp_path / "home",
        {
            "RELCAP_TEAMS_EMULATOR": "1",
            "DATABASE_URL": through_proxy,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_BOT_TOKEN": "xoxb-outage",
            "SLACK_API_URL": f"{fake_api.url}/api/",
        },
    )
    before = [note(f"+1 Jane Doe (Acme): call {n}", n) for n in range(BATCH)]
    during: list[Delivery] = []
    after = [note(f"+1 Jane Doe: demo {n}", 200 + n) for n in range(BATCH)]
    try:
        server.start()
        assert _statuses(server, before[:1], 1) + _statuses(server, before[1:]) == [200] * BATCH

        loop.run(proxy.cut())
        cut_at, outcomes = time.monotonic(), []
        while time.monotonic() - cut_at < OUTAGE_SECONDS and len(during) < OUTAGE_NOTES_MAX:
            batch = [
                note(f"+2 Jane Doe: fix {n}", 1000 + n) for n in range(len(during), len(during) + 4)
            ]
            during += batch
            outcomes += asyncio.run(deliver_all(server.url, batch, concurrency=4))
            time.sleep(PACE_SECONDS)
        assert len(during) >= BATCH
        for outcome in outcomes:
            assert outcome.status == 503, (outcome.status, outcome.body)
            assert b"Traceback" not in outcome.body
            assert "try again" in json.loads(outcome.body)["error"]
        status, body = send_command(server.url, "balance Jane Doe", "T123ABC456", "U1")
        assert status == 200
        assert "try again" in json.loads(body)["text"]
        press = press_body("entry.undo", "1", "T123ABC456", "U1", f"{fake_api.url}/response/o")
        assert send_form(server.url, press)[0] == 200
        [answer] = fake_api.wait_for("response_url")
        assert answer.args["text"] == TRY_AGAIN
        # Teams does not redeliver: the rep is told that nothing was saved.
        teams_note = message("+1 Jane Doe: teams call", service_url=connector.url)
        assert _teams(server, teams_note) == 201
        assert TRY_AGAIN in texts(card_of(connector.sent[-1]))[0]
        assert server.health()[0] == 503
        assert server.alive

        loop.run(proxy.restore())
        deadline = time.monotonic() + RECOVERY_SECONDS
        while server.health()[0] != 200:  # recovers on its own: no restart
            assert time.monotonic() < deadline, "the server did not recover"
            time.sleep(0.1)

        # Slack redelivers what it did not see acknowledged.
        again = [Delivery(d.event_id, d.body, retry=1) for d in during]
        assert _statuses(server, again) == [200] * len(during)
        assert _statuses(server, after) == [200] * BATCH
        assert _teams(server, teams_note) == 201  # sent again by the rep: saved now
        assert server.alive
    finally:
        server.stop()
        loop.run(proxy.stop())
        loop.run(connector.stop())

    expected = Counter({d.event_id: 1 for d in before + during + after})
    expected[f"{teams_note['conversation']['id']}|{teams_note['id']}"] = 1
    assert source_ids(direct) == expected
    assert "Traceback" not in server.log()
    assert server.starts == 1
    assert time.monotonic() - started < TIME_LIMIT


def _teams(server: ServeProcess, activity: dict) -> int:
    request = urllib.request.Request(
        server.url + "/api/messages",
        data=json.dumps(activity).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        return response.status


def _statuses(server: ServeProcess, deliveries: list[Delivery], concurrency: int = 4) -> list:
    return [o.status for o in asyncio.run(deliver_all(server.url, deliveries, concurrency))]
