"""Secrets stay secret: not in a repr of the settings, not in `relcap serve`'s log (at
DEBUG, Slack and Teams both served, requests good and bad), not in a startup error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import make_url

from bot.settings import Settings
from bot.slack.config import slack_config
from bot.teams.config import bot_framework_config
from tests.adapters.fake_slack import FakeSlackApi
from tests.adapters.slack_harness import LoopThread, SlackHarness, sign, text_of
from tests.reliability.serve_process import OURS, ServeProcess

SIGNING = "5ec4e7-signing-0b1d9a7c3f"
BOT_TOKEN = "xoxb-5ec4e7-bot-token-77aa"
CLIENT_SECRET = "5ec4e7-client-secret-91f0"
APP_TOKEN = "xapp-5ec4e7-app-token-42cc"
TEAMS_PASSWORD = "5ec4e7-teams-password-e3d2"
DB_PASSWORD = "5ec4e7-db-password-c0de"
SECRETS = (SIGNING, BOT_TOKEN, CLIENT_SECRET, APP_TOKEN, TEAMS_PASSWORD, DB_PASSWORD)


def test_no_repr_of_the_settings_or_configs_shows_a_secret(tmp_path):
    settings = Settings(
        _env_file=None,
        home=tmp_path,
        DATABASE_URL=f"postgresql://relcap:{DB_PASSWORD}@db.example/relcap",
        SLACK_SIGNING_SECRET=SIGNING,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_CLIENT_ID="1.2",
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        SLACK_APP_TOKEN=APP_TOKEN,
        MICROSOFT_APP_ID="app-id",
        MICROSOFT_APP_PASSWORD=TEAMS_PASSWORD,
    )
    shown = " ".join(
        [
            repr(settings),
            str(settings),
            str(settings.model_dump()),
            repr(slack_config(settings)),
            repr(bot_framework_config(settings)),
            settings.db_location,
        ]
    )
    for secret in SECRETS:
        assert secret not in shown
    # The parts that need them still get the real values.
    assert slack_config(settings).bot_token == BOT_TOKEN
    assert bot_framework_config(settings).APP_PASSWORD == TEAMS_PASSWORD
    assert DB_PASSWORD in settings.db_url and settings.db_url.startswith("postgresql+psycopg://")


def test_a_bad_secret_setting_is_reported_without_its_value(tmp_path):
    wrong = "xoxp-5ec4e7-user-token"
    with pytest.raises(ValidationError) as raised:
        Settings(_env_file=None, home=tmp_path, SLACK_BOT_TOKEN=["not", wrong])
    assert wrong not in str(raised.value)
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env.update(RELCAP_HOME=str(tmp_path), SLACK_SIGNING_SECRET=SIGNING, SLACK_BOT_TOKEN=wrong)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "SLACK_BOT_TOKEN must be a bot token" in result.stderr
    assert wrong not in result.stderr + result.stdout
    assert SIGNING not in result.stderr + result.stdout


@pytest.fixture
def fake_api():
    loop = LoopThread()
    fake = FakeSlackApi()
    loop.run(fake.start())
    yield fake
    loop.run(fake.stop())
    loop.close()


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _database_with_a_password(request, tmp_path) -> str:
    """PostgreSQL where it answers (it trusts loopback: the password is carried, not
    checked), else SQLite, which has none to leak."""
    try:
        pg_url = request.getfixturevalue("pg_url")
    except pytest.skip.Exception:
        return f"sqlite:///{tmp_path / 'relcap.db'}"
    url = make_url(pg_url).set(password=DB_PASSWORD)
    return url.render_as_string(hide_password=False)


def test_serve_at_debug_never_logs_a_secret(request, tmp_path, fake_api):
    db_url = _database_with_a_password(request, tmp_path)
    server = ServeProcess(
        tmp_path,
        {
            "RELCAP_LOG_LEVEL": "DEBUG",
            "DATABASE_URL": db_url,
            "SLACK_SIGNING_SECRET": SIGNING,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_API_URL": f"{fake_api.url}/api",
            "MICROSOFT_APP_ID": "00000000-0000-0000-0000-00000000a11d",
            "MICROSOFT_APP_PASSWORD": TEAMS_PASSWORD,
        },
    )
    server.start()
    try:
        dm = json.dumps(SlackHarness.dm("+2 Jane Doe (Acme): fixed the invoice")).encode()
        json_type = {"Content-Type": "application/json"}
        assert _post(server.url + "/slack/events", dm, {**json_type, **sign(dm, SIGNING)}) == 200
        posted = fake_api.wait_for("chat.postMessage")[0]
        assert "Credit +2 → Jane Doe (Acme)" in text_of(posted.args["blocks"])
        forged = {**json_type, **sign(dm, "not-the-secret")}
        assert _post(server.url + "/slack/events", dm, forged) == 401
        activity = json.dumps({"type": "message", "text": "hi"}).encode()
        bearer = {**json_type, "Authorization": "Bearer a.b.c"}
        assert _post(server.url + "/api/messages", activity, bearer) in (400, 401)
    finally:
        server.stop()
    log = server.log()
    assert "DEBUG" in log  # the server did log at DEBUG: there was something to search
    for secret in SECRETS:
        assert secret not in log, f"a secret is in the log:\n{log}"
