"""Uninstalling: the tokens are deleted, nudges for that workspace stop, its data stays,
and a reinstall resumes."""

from __future__ import annotations

from sqlalchemy import func, select, text

from storage.models import Workspace
from storage.nudges.reps import reachable_reps
from tests.adapters.slack_harness import SlackHarness
from tests.adapters.test_slack_oauth import _install, oauth_slack  # noqa: F401 (fixture)

TEAM = "TNINE"


def _event(slack: SlackHarness, event: dict, team: str = TEAM) -> int:
    payload = slack.dm("", event_id=f"Ev-{event['type']}", team=team)
    payload["event"] = {**event, "event_ts": "1700000000.000100"}
    return slack.event(payload).status


def _reachable(slack: SlackHarness) -> list[int]:
    with slack.app.session_factory() as session:
        return [rep.user_id for rep in reachable_reps(session, ("slack",))]


def _tokens(slack: SlackHarness, team: str = TEAM) -> int:
    with slack.app.engine.connect() as connection:
        return sum(
            connection.scalar(text(f"SELECT count(*) FROM {table} WHERE team_id = :t"), {"t": team})
            for table in ("slack_installations", "slack_bots")
        )


def test_an_uninstall_deletes_the_tokens_stops_nudges_and_keeps_the_data(oauth_slack):  # noqa: F811
    _install(oauth_slack, TEAM)
    oauth_slack.event(oauth_slack.dm("+2 Jane Doe: sent the deck", team=TEAM))
    oauth_slack.fake.wait_for("chat.postMessage")
    assert _tokens(oauth_slack) == 2 and len(_reachable(oauth_slack)) == 1

    assert _event(oauth_slack, {"type": "app_uninstalled"}) == 200

    assert _tokens(oauth_slack) == 0
    assert _reachable(oauth_slack) == []
    assert [e.amount for e in oauth_slack.entries()] == [2]  # until an administrator erases it

    _install(oauth_slack, TEAM)  # a reinstall resumes the nudges

    assert len(_reachable(oauth_slack)) == 1


def test_a_revoked_bot_token_is_an_uninstall(oauth_slack):  # noqa: F811
    _install(oauth_slack, TEAM)
    oauth_slack.event(oauth_slack.dm("+2 Jane Doe: sent the deck", team=TEAM))
    oauth_slack.fake.wait_for("chat.postMessage")

    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    assert _event(oauth_slack, revoked) == 200

    assert _tokens(oauth_slack) == 0
    assert _reachable(oauth_slack) == []


def test_with_one_bot_token_an_uninstall_flags_the_workspace(slack):
    slack.event(slack.dm("+2 Jane Doe: sent the deck", team="T123ABC456"))
    slack.fake.wait_for("chat.postMessage")

    assert _event(slack, {"type": "app_uninstalled"}, team="T123ABC456") == 200

    assert _reachable(slack) == []
    with slack.app.session_factory() as session:
        flagged = session.scalar(
            select(func.count()).select_from(Workspace).where(Workspace.uninstalled_at.is_not(None))
        )
    assert flagged == 1
