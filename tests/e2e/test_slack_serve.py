"""`relcap serve` as a real process, driven by signed Slack requests over loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import create_engine, select

from storage.models import LedgerEntry
from tests.adapters.fake_slack import FakeSlackApi
from tests.adapters.slack_harness import SECRET, LoopThread, SlackHarness, sign, text_of

STARTUP_SECONDS = 20


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(tmp_path, env_overrides: dict) -> subprocess.Popen:
    ours = ("SLACK_", "RELCAP_", "MICROSOFT_", "DATABASE_URL", "HOST", "PORT")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env.update(RELCAP_HOME=str(tmp_path), **env_overrides)
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_healthy(process: subprocess.Popen, url: str) -> dict:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"relcap serve exited: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                return json.loads(response.read())
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)  # the process is still starting: nothing to inject a clock into
    pytest.fail("relcap serve did not answer /healthz in time")


@pytest.fixture
def fake_api():
    loop = LoopThread()
    fake = FakeSlackApi()
    loop.run(fake.start())
    yield fake
    loop.run(fake.stop())
    loop.close()


def test_serve_answers_a_dm_and_the_note_survives_a_kill_right_after_the_200(tmp_path, fake_api):
    port = _free_port()
    process = _serve(
        tmp_path,
        {
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_BOT_TOKEN": "xoxb-e2e",
            "SLACK_API_URL": f"{fake_api.url}/api",
            "HOST": "127.0.0.1",
            "PORT": str(port),
        },
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert _wait_healthy(process, url) == {"ok": True, "database": "ok"}
        payload = SlackHarness.dm("+3 Jane Doe (Acme): unblocked the security review")
        body = json.dumps(payload).encode()
        request = urllib.request.Request(
            url + "/slack/events",
            data=body,
            headers={"Content-Type": "application/json", **sign(body)},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        posted = fake_api.wait_for("chat.postMessage")[0].args
        assert "Credit +3 → Jane Doe (Acme)" in text_of(posted["blocks"])

        # Slack has its 200: even a kill right now must not lose the note.
        second = SlackHarness.dm("-1 Jane Doe: late with the pricing sheet", event_id="Ev-kill")
        body = json.dumps(second).encode()
        request = urllib.request.Request(
            url + "/slack/events",
            data=body,
            headers={"Content-Type": "application/json", **sign(body)},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            process.send_signal(signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        process.wait(10)
    engine = create_engine(f"sqlite:///{tmp_path / 'relcap.db'}")
    with engine.connect() as connection:
        amounts = connection.scalars(select(LedgerEntry.amount).order_by(LedgerEntry.id)).all()
    engine.dispose()
    assert amounts == [3, -1]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLACK_SIGNING_SECRET": "s"}, "Slack: SLACK_BOT_TOKEN is missing"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "Slack: SLACK_SIGNING_SECRET is missing"),
        (
            {"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_SIGNING_SECRET": "s"},
            "SLACK_BOT_TOKEN must be a bot token starting with xoxb-",
        ),
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_SIGNING_SECRET": "s"},
            "SLACK_CLIENT_SECRET is missing",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_APP_TOKEN": "x"},
            "SLACK_APP_TOKEN must be an app-level token starting with xapp-",
        ),
        ({}, "no platform configured"),
    ],
)
def test_serve_stops_with_one_line_naming_the_setting(tmp_path, env, message):
    process = _serve(tmp_path, {"MICROSOFT_APP_ID": "", **env})
    _, err = process.communicate(timeout=STARTUP_SECONDS)

    assert process.returncode != 0
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def _slack_env(port: int, api_url: str) -> dict:
    return {
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": "xoxb-e2e",
        "SLACK_API_URL": api_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }


def test_serve_stops_with_one_line_when_slack_refuses_the_bot_token(tmp_path, fake_api):
    fake_api.fail("auth.test", 200)  # {"ok": false}: invalid_auth, revoked, …

    process = _serve(tmp_path, _slack_env(_free_port(), f"{fake_api.url}/api"))
    _, err = process.communicate(timeout=STARTUP_SECONDS)

    assert process.returncode != 0
    assert "SLACK_BOT_TOKEN was refused by Slack" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_with_slack_out_of_reach_serve_starts_and_notes_are_saved(tmp_path):
    port = _free_port()
    process = _serve(tmp_path, _slack_env(port, f"http://127.0.0.1:{_free_port()}/api"))
    url = f"http://127.0.0.1:{port}"
    try:
        assert _wait_healthy(process, url) == {"ok": True, "database": "ok"}
        body = json.dumps(SlackHarness.dm("+3 Jane Doe (Acme): unblocked the review")).encode()
        request = urllib.request.Request(
            url + "/slack/events",
            data=body,
            headers={"Content-Type": "application/json", **sign(body)},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200  # acknowledged: the note is saved
    finally:
        process.send_signal(signal.SIGINT)  # drains the reply, which fails and is logged
        _, err = process.communicate(timeout=20)
    assert "could not be reached to check SLACK_BOT_TOKEN" in err
    assert "Slack reply failed" in err
    assert "Traceback" not in err
    engine = create_engine(f"sqlite:///{tmp_path / 'relcap.db'}")
    with engine.connect() as connection:
        assert connection.scalars(select(LedgerEntry.amount)).all() == [3]
    engine.dispose()
