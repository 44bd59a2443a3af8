"""Many workspaces: bolt's OAuth flow stores installs in our database; each request
runs with its own workspace's token and sees only its own workspace's data."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, inspect, text

from bot.app import build_app
from tests.adapters.conftest import slack_settings
from tests.adapters.slack_harness import SlackHarness, text_of

SLACK_TABLES = ("slack_installations", "slack_bots", "slack_oauth_states")


@pytest.fixture
def oauth_slack(tmp_path, db_url, fake_slack, loop_thread, clock):
    settings = slack_settings(
        tmp_path,
        db_url,
        fake_slack,
        SLACK_BOT_TOKEN=None,
        SLACK_CLIENT_ID="111.222",
        SLACK_CLIENT_SECRET="shh",
    )
    app = build_app(settings, clock=clock)
    with app.engine.begin() as connection:  # the PostgreSQL database outlives one test
        for table in SLACK_TABLES:
            connection.execute(text(f"DELETE FROM {table}"))
    harness = SlackHarness(loop_thread, app, fake_slack)
    harness.start()
    yield harness
    harness.stop()
    app.close()


def _get(url: str, headers: dict | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _install(slack: SlackHarness, team: str) -> None:
    slack.fake.installing_team = team
    status, page, headers = _get(slack.url + "/slack/install")
    assert status == 200
    state = re.search(r"state=([\w-]+)", page).group(1)
    cookie = headers["Set-Cookie"].split(";")[0]
    query = urllib.parse.urlencode({"code": "code-123", "state": state})
    status, page, _ = _get(f"{slack.url}/slack/oauth_redirect?{query}", {"Cookie": cookie})
    assert status == 200, page


def test_the_migration_creates_exactly_slack_sdk_tables(oauth_slack):
    ours = MetaData()
    ours.reflect(oauth_slack.app.engine, only=SLACK_TABLES)
    theirs = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(theirs, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(theirs, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(theirs, "slack_oauth_states")
    for name in SLACK_TABLES:
        assert [c.name for c in ours.tables[name].columns] == [
            c.name for c in theirs.tables[name].columns
        ], name
        assert {c.name: c.nullable for c in ours.tables[name].columns} == {
            c.name: c.nullable for c in theirs.tables[name].columns
        }, name
    indexes = inspect(oauth_slack.app.engine).get_indexes("slack_installations")
    assert [i["name"] for i in indexes] == ["slack_installations_idx"]


def test_an_install_is_stored_and_its_token_answers_its_workspace(oauth_slack):
    _install(oauth_slack, "TNINE")

    exchange = oauth_slack.fake.of("oauth.v2.access")[0].args
    assert exchange["code"] == "code-123"
    note = oauth_slack.dm("+2 Jane Doe: sent the deck", team="TNINE")
    assert oauth_slack.event(note).status == 200

    posted = oauth_slack.fake.wait_for("chat.postMessage")[0]
    assert posted.headers["Authorization"] == "Bearer xoxb-TNINE"
    assert "Credit +2 → Jane Doe" in text_of(posted.args["blocks"])


def test_two_installed_workspaces_keep_their_data_apart(oauth_slack):
    _install(oauth_slack, "TNINE")
    _install(oauth_slack, "TTEN")
    oauth_slack.event(oauth_slack.dm("+2 Jane Doe: sent the deck", team="TNINE"))

    theirs = oauth_slack.command("balance", team="TTEN").json()
    mine = oauth_slack.command("balance", team="TNINE", user="U2147483697").json()

    assert "no contacts yet" in text_of(theirs["blocks"])
    assert "Jane Doe" in text_of(mine["blocks"])


def test_a_workspace_that_never_installed_is_refused(oauth_slack):
    answer = oauth_slack.event(oauth_slack.dm("+2 Jane Doe: sent the deck", team="TNOBODY"))

    # bolt answers (200, so Slack does not retry) without running any listener
    assert b"reinstall this app" in answer.body
    assert oauth_slack.entries() == []
