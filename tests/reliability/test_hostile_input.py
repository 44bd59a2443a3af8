"""Hostile input: 2,000 generated requests to the Slack and Teams endpoints. No 5xx,
every well-formed one answered, the server alive, and the victim's saved rows unaltered."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import urllib.request
from collections import Counter

import aiohttp
import pytest

from bot.teams.http import TEAMS_KEY
from tests.adapters.fake_bot_connector import FakeBotConnector
from tests.adapters.teams_activities import OTHER_TENANT, TENANT, message
from tests.reliability.hostile_inputs import Case, HostileInputs, Targets
from tests.reliability.in_process import served
from tests.reliability.ledger_rows import export, pending_rows, row_ids
from tests.reliability.slack_requests import deliver_all, note, post

INPUTS = 2_000
SEED = 20261122
VICTIM_TEAM, HOSTILE_TEAM = "TVICTIM", "THOSTILE"
VICTIM_NOTES = (
    "+3 Jane Doe (Acme): saved the launch",
    "-1 Jane Doe: late with the invoice",
    "+2 Omar Haddad (Initech): introduced us to their CFO",
    "Jane Doe: had coffee",  # no sign: saved as pending
)
# Well-formed requests that must be answered with a 2xx. A tampered button or invoke
# may also be refused with a 4xx (e.g. an empty action id matches no listener).
ANSWERED = {"slack note", "slack command", "slack view", "teams message", "teams submit"}
REPLY_SECONDS = 60
TIME_LIMIT = 150


async def _send(base: str, cases: list[Case], concurrency: int = 8) -> list[int | None]:
    gate = asyncio.Semaphore(concurrency)

    async def one(session: aiohttp.ClientSession, case: Case) -> int | None:
        async with gate:
            status, _ = await post(session, base + case.path, case.body, case.headers)
            return status

    async with aiohttp.ClientSession() as session:
        return list(await asyncio.gather(*(one(session, c) for c in cases)))


def _health(base: str) -> dict:
    with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
        return json.loads(response.read())


def _victim_state(db_url: str) -> dict:
    slack, teams = ("slack", VICTIM_TEAM), ("teams", TENANT)
    return {
        "slack": export(db_url, slack),
        "teams": export(db_url, teams),
        "slack pending": pending_rows(db_url, slack),
        "teams pending": pending_rows(db_url, teams),
    }


# A chart of a contact named in emoji or full-width letters has no glyphs for them.
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_hostile_requests_get_no_5xx_and_alter_nothing_saved(tmp_path, fake_api, loop, caplog):
    caplog.set_level(logging.WARNING)
    started = time.monotonic()
    db_url = f"sqlite:///{tmp_path / 'relcap.db'}"
    connector = loop.run(FakeBotConnector().start())
    with served(loop, tmp_path, db_url, fake_api, teams_emulator=True) as server:
        teams = server._runner.app[TEAMS_KEY]
        teams.bot.backoff = teams.sender.backoff = (0.0, 0.0)  # failed replies: no waiting

        # The victim's data, in a Slack workspace and a Teams tenant.
        seed = [note(t, n, team=VICTIM_TEAM, user="UVICTIM") for n, t in enumerate(VICTIM_NOTES)]
        assert {o.status for o in asyncio.run(deliver_all(server.url, seed, 1))} == {200}
        for n, text in enumerate(VICTIM_NOTES):
            activity = message(text, activity_id=f"v-{n}", service_url=connector.url)
            case = Case("seed", "/api/messages", json.dumps(activity).encode(), {}, True)
            assert asyncio.run(_send(server.url, [case])) == [201]
        before = _victim_state(db_url)
        slack_ids = row_ids(db_url, ("slack", VICTIM_TEAM))
        teams_ids = row_ids(db_url, ("teams", TENANT))
        assert slack_ids["entries"] and slack_ids["pending"]

        targets = Targets(
            hostile_team=HOSTILE_TEAM,
            victim_team=VICTIM_TEAM,
            attacker="UATTACKER",
            hostile_tenant=OTHER_TENANT,
            victim_tenant=TENANT,
            service_url=connector.url,
            response_url=f"{fake_api.url}/response/hostile",
            entry_ids=slack_ids["entries"] + teams_ids["entries"],
            contact_ids=slack_ids["contacts"] + teams_ids["contacts"],
            pending_ids=slack_ids["pending"] + teams_ids["pending"],
        )
        cases = HostileInputs(SEED, targets).cases(INPUTS)
        sent_before = len(connector.calls)
        statuses = []
        for start in range(0, INPUTS, 500):
            statuses += asyncio.run(_send(server.url, cases[start : start + 500]))
            assert _health(server.url) == {"ok": True, "database": "ok"}  # still alive

        by_kind = Counter((c.kind, s) for c, s in zip(cases, statuses, strict=True))
        failures = [
            (c.kind, s, c.body[:300])
            for c, s in zip(cases, statuses, strict=True)
            if s is None or s >= 500
        ]
        assert failures == [], by_kind
        refused = [
            (c.kind, s, c.body[:200])
            for c, s in zip(cases, statuses, strict=True)
            if c.well_formed and c.kind in ANSWERED and not 200 <= s < 300
        ]
        assert refused == []
        accepted = [
            (c.kind, s, c.body[:200])
            for c, s in zip(cases, statuses, strict=True)
            if c.well_formed is False and 200 <= s < 300
        ]
        assert accepted == [], Counter((k, s, b[:60]) for k, s, b in accepted)

        # Every well-formed message got its reply (posted after the acknowledgement).
        slack_notes = sum(c.replies == "slack" for c in cases)
        teams_messages = sum(c.replies == "teams" for c in cases)
        fake_api.wait_for("chat.postMessage", len(seed) + slack_notes, timeout=REPLY_SECONDS)
        assert len(connector.calls) - sent_before >= teams_messages
        assert _health(server.url) == {"ok": True, "database": "ok"}
    loop.run(connector.stop())

    assert _victim_state(db_url) == before
    crashes = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert crashes == []  # refused, or answered: never a failure with a traceback
    assert time.monotonic() - started < TIME_LIMIT
