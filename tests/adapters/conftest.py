from __future__ import annotations

import pytest

from bot.app import build_app
from bot.settings import Settings
from tests.adapters.fake_slack import FakeSlackApi
from tests.adapters.slack_harness import SECRET, LoopThread, SlackHarness
from tests.adapters.slack_models import assert_valid_call


@pytest.fixture(scope="session")
def loop_thread():
    loop = LoopThread()
    yield loop
    loop.close()


@pytest.fixture
def fake_slack(loop_thread):
    fake = FakeSlackApi()
    loop_thread.run(fake.start())
    yield fake
    loop_thread.run(fake.stop())
    for call in fake.calls:  # every message, modal and App Home a test made us send
        assert_valid_call(call.args)


def slack_settings(tmp_path, db_url: str, fake: FakeSlackApi, **overrides) -> Settings:
    values = {
        "home": tmp_path,
        "teams_emulator": False,
        "DATABASE_URL": db_url,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_API_URL": f"{fake.url}/api/",
        "SLACK_APP_TOKEN": None,
        "SLACK_CLIENT_ID": None,
        "SLACK_CLIENT_SECRET": None,
        "MICROSOFT_APP_ID": None,
        **overrides,
    }
    return Settings(_env_file=None, **values)


@pytest.fixture
def slack(tmp_path, db_url, fake_slack, loop_thread, clock):
    app = build_app(slack_settings(tmp_path, db_url, fake_slack), clock=clock)
    harness = SlackHarness(loop_thread, app, fake_slack)
    harness.start()
    yield harness
    harness.stop()
    app.close()
