"""`relcap serve` in Teams emulator mode, as a real process, driven over HTTP."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
from sqlalchemy import select

from storage.engine import make_engine, make_session_factory
from storage.models import LedgerEntry
from tests.adapters.fake_bot_connector import FakeBotConnector
from tests.adapters.teams_activities import button, card_of, message, texts

STARTUP_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _relcap() -> list[str]:
    script = Path(sys.executable).with_name("relcap")
    if script.exists():
        return [str(script)]
    found = shutil.which("relcap")
    return [found] if found else [sys.executable, "-m", "bot.cli"]


async def _wait_until_healthy(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read()
            try:
                async with session.get(base + "/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"relcap serve did not answer within {STARTUP_SECONDS} s")


def test_relcap_serve_answers_teams_in_emulator_mode(db_url, tmp_path):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MICROSOFT_APP_", "SLACK_", "RELCAP_"))
    }
    env.update(
        RELCAP_HOME=str(tmp_path),
        DATABASE_URL=db_url,
        PORT=str(port),
        HOST="127.0.0.1",
        RELCAP_TEAMS_EMULATOR="1",
    )
    process = subprocess.Popen(
        [*_relcap(), "serve"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    async def scenario() -> FakeBotConnector:
        connector = await FakeBotConnector().start()
        try:
            await _wait_until_healthy(base, process)
            note = message("+3 Jane Doe (Acme): solved their outage", service_url=connector.url)
            async with aiohttp.ClientSession() as session:
                for _ in range(2):  # a redelivery is answered, never recorded twice
                    async with session.post(base + "/api/messages", json=note) as response:
                        assert response.status == 201
                async with session.post(base + "/api/messages", data=b"{oops") as response:
                    assert response.status == 400
                # The Undo button on the answer, pressed: the card is updated in place.
                undo = button(card_of(connector.sent[0]), "Undo")["data"]
                press = message(
                    value=undo,
                    activity_id="press-1",
                    reply_to_id="sent-1",
                    service_url=connector.url,
                )
                async with session.post(base + "/api/messages", json=press) as response:
                    assert response.status == 201
        finally:
            await connector.stop()
        return connector

    try:
        connector = asyncio.run(scenario())
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "UNAUTHENTICATED" in stderr
    assert "Traceback" not in stderr
    assert texts(card_of(connector.sent[0]))[0].startswith("Credit +3 → Jane Doe (Acme)")
    [update] = connector.updates
    assert update.activity_id == "sent-1"
    assert texts(card_of(update.body))[0].startswith("Undone: +3 Jane Doe")
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        amounts = [e.amount for e in session.scalars(select(LedgerEntry))]
    engine.dispose()
    assert sorted(amounts) == [-3, 3]  # the undo is a reversing entry
