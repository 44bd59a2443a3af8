"""Each real sender, for every kind of address its adapter encodes (a rep's DM, a
channel), against the loopback fakes: what the platform would have received."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime

import pytest
from botbuilder.schema import Activity

from bot.addresses import addressing_by_platform
from bot.console.addresses import ConsoleAddressing
from bot.console.sender import ConsoleSender
from bot.slack.addresses import SlackAddress, SlackAddressing
from bot.slack.config import slack_config
from bot.slack.sender import SlackSender
from bot.teams.activities import address_of, team_channel_of
from handlers.messages import Reply, WorkspaceRef
from handlers.ports import ChannelRefused, DeliveryError
from tests.adapters.conftest import slack_settings
from tests.adapters.slack_harness import text_of
from tests.adapters.teams_activities import TENANT, card_of, message, texts
from tests.adapters.teams_server import run, settings_for, teams_server
from tests.conftest import Rep
from tests.unit.nudging import make_pass, tick

SLACK_TEAM = WorkspaceRef("slack", "T123ABC456")
TEAMS = WorkspaceRef("teams", TENANT)
DIGEST = Reply(text="Team digest: contacts at risk across the workspace", kind="team_digest")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SALES_TEAM = "19:sales-general@thread.tacv2"


def team_install(service_url: str, name: str = "Sales", team_id: str = SALES_TEAM) -> dict:
    """The bot added to a team: installationUpdate in the team's General channel."""
    body = message(None, service_url=service_url)
    body.update(type="installationUpdate", action="add")
    body["conversation"] = {"conversationType": "channel", "id": team_id, "isGroup": True}
    body["channelData"] = {"tenant": {"id": TENANT}, "team": {"id": team_id, "name": name}}
    return body


# --- Slack ------------------------------------------------------------------------------


@pytest.fixture
def slack_sender(tmp_path, fake_slack):
    return SlackSender(slack_config(slack_settings(tmp_path, "sqlite://", fake_slack)))


SLACK = SlackAddressing()
SLACK_ADDRESSES = {
    "the rep's DM": (SLACK.encode(SlackAddress.dm("T123ABC456", "U1", "D024BE91L")), "D024BE91L"),
    "the rep, no DM id yet": (SLACK.encode(SlackAddress.dm("T123ABC456", "U1", None)), "U1"),
    "a channel": (SLACK.parse_channel("<#C0SALES1|sales>").address, "C0SALES1"),
    "a private channel by id": (SLACK.parse_channel("G0PRIVATE9").address, "G0PRIVATE9"),
}


@pytest.mark.parametrize("kind", SLACK_ADDRESSES)
def test_slack_sender_posts_where_the_address_says(kind, slack_sender, fake_slack, loop_thread):
    address, channel = SLACK_ADDRESSES[kind]
    loop_thread.run(slack_sender.send(SLACK_TEAM, "U1", address, DIGEST))
    [posted] = fake_slack.of("chat.postMessage")
    assert posted.args["channel"] == channel
    assert "contacts at risk" in text_of(posted.args["blocks"])


def test_slack_refuses_a_channel_it_cannot_resolve():
    for typed in ("#sales", "sales", "<@U123>", ""):
        with pytest.raises(ChannelRefused):
            SLACK.parse_channel(typed)
    assert SLACK.parse_channel("<#C0SALES1|sales>").label == "#sales"
    assert SLACK.parse_channel("<#C0SALES1|>").label == "<#C0SALES1>"


def test_a_slack_team_digest_reaches_the_channel_not_the_reps_dm(
    core, clock, slack_sender, fake_slack
):
    """Through the core and the real Slack sender: the channel set by `digest channel`
    is where chat.postMessage goes (it used to fall back to the rep's DM)."""
    core.services.addressing = addressing_by_platform()
    ana = Rep(core, "U1", workspace=SLACK_TEAM)
    ana.say("-2 Bob Stone: missed the Q3 report deadline")
    assert not ana.say("digest channel <#C0SALES1|sales>").is_error
    dm = SLACK.encode(SlackAddress.dm("T123ABC456", "U1", "D024BE91L"))
    core.remember_address(SLACK_TEAM, ana.ref, "slack", dm)
    clock.now = MONDAY_9
    report = tick(make_pass(core, slack_sender))
    posts = {
        call.args["channel"]: text_of(call.args["blocks"])
        for call in fake_slack.of("chat.postMessage")
    }
    assert "Bob Stone" in posts["C0SALES1"] and "Team digest" in posts["C0SALES1"]
    assert "Team digest" not in posts.get("D024BE91L", "")
    assert report.delivery.failed == 0


# --- Teams ------------------------------------------------------------------------------


def test_teams_sender_posts_to_the_reps_chat_and_to_a_team_channel(db_url, tmp_path, clock):
    async def scenario():
        async with teams_server(settings_for(db_url, tmp_path), clock) as served:
            url = served.connector.url
            personal = address_of(Activity().deserialize(message("hi", service_url=url)))
            team = team_channel_of(Activity().deserialize(team_install(url)))
            assert team is not None and team.label == "Sales" and team.scope == SALES_TEAM
            threaded = copy.deepcopy(team.address)
            threaded["conversation"]["id"] += ";messageid=1700000000000"
            cases = [
                (personal, personal["conversation"]["id"]),
                (team.address, SALES_TEAM),
                (threaded, SALES_TEAM),  # a new post in the channel, not a thread reply
            ]
            for address, conversation in cases:
                await served.endpoint.sender.send(TEAMS, "megan", address, DIGEST)
                last = served.connector.calls[-1]
                assert (last.method, last.conversation_id) == ("POST", conversation)
                assert texts(card_of(last.body))[0].startswith("Team digest")

    run(scenario)


def test_teams_names_a_channel_by_the_team_it_was_added_to():
    teams = addressing_by_platform()["teams"]
    with pytest.raises(ChannelRefused, match="Add to a team"):
        teams.parse_channel("Sales", [])
    team = team_channel_of(Activity().deserialize(team_install("https://smba.example/")))
    assert teams.parse_channel("#sales", [team]) == team
    with pytest.raises(ChannelRefused, match="it is in: Sales"):
        teams.parse_channel("Support", [team])


# --- console ----------------------------------------------------------------------------


def test_console_sender_shows_a_dm_to_the_rep_and_a_channel_under_its_outbox():
    shown: list[tuple[str, Reply]] = []
    sender = ConsoleSender(lambda who, reply: shown.append((who, reply)))
    console = ConsoleAddressing()
    local = WorkspaceRef("console", "local")
    asyncio.run(sender.send(local, "ana", console.encode(console.decode({}, "ana")), DIGEST))
    asyncio.run(sender.send(local, "ana", console.parse_channel("#Sales").address, DIGEST))
    assert [who for who, _ in shown] == ["ana", "#sales"]
    with pytest.raises(ChannelRefused):
        console.parse_channel("sales team")
    with pytest.raises(DeliveryError):
        asyncio.run(sender.send(local, "ana", {"outbox": "../etc"}, DIGEST))
