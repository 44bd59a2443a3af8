"""`digest` and the weekly team digest to a shared channel, named the platform's way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.addresses import addressing_by_platform
from bot.console.sender import ConsoleSender
from bot.slack.addresses import SlackAddress, SlackAddressing
from handlers.messages import Reply, WorkspaceRef
from tests.conftest import Rep
from tests.unit.nudging import Inbox, make_pass, reachable, tick

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SLACK = WorkspaceRef("slack", "T0001")


@pytest.fixture
def core(core):
    core.services.addressing = addressing_by_platform()
    return core


@dataclass
class ChannelRecorder:
    """A "slack" sender that decodes each address with the real Slack Addressing (the
    one the real sender uses), and keeps where each message would go."""

    platform: str = "slack"
    posts: list[tuple[SlackAddress, Reply]] = field(default_factory=list)

    async def send(self, workspace: WorkspaceRef, user: str, address: dict, reply: Reply) -> None:
        self.posts.append((SlackAddressing().decode(address, user), reply))


def test_digest_now(ana):
    ana.say("+2 Jane Doe: delivered the migration early")
    reply = ana.say("digest")
    assert reply.kind == "digest"
    assert {f.label: f.value for f in reply.fields}["This week"].startswith("1 entry")


def test_team_digest_goes_to_the_channel_on_monday(core, clock):
    ana = Rep(core, "U1", workspace=SLACK)
    ben = Rep(core, "U2", workspace=SLACK)
    ana.say("-2 Bob Stone: missed the Q3 report deadline")
    ben.say("-1 Cara Diaz: wrong invoice")
    ben.say("+3 Jane Doe: delivered the migration early")
    refused = ana.say("digest channel #sales")
    assert refused.is_error and "pick the channel" in refused.text
    reply = ana.say("digest channel <#C0SALES1|sales>")
    assert "#sales" in reply.text
    assert "#sales" in ana.say("digest channel").text
    slack = SlackAddressing()
    for rep in (ana, ben):
        dm = slack.encode(SlackAddress.dm("T0001", rep.name, f"D-{rep.name}"))
        core.remember_address(SLACK, rep.ref, "slack", dm)
    recorder = ChannelRecorder()
    nudge_pass = make_pass(core, recorder)
    clock.now = MONDAY_9
    tick(nudge_pass)
    team = [(a, r) for a, r in recorder.posts if r.kind == "team_digest"]
    assert len(team) == 1
    address, digest = team[0]
    assert (address.channel, address.is_dm) == ("C0SALES1", False)
    assert "Bob Stone" in digest.text and "Cara Diaz" in digest.text
    assert "Jane Doe" not in digest.text
    personal = [a for a, r in recorder.posts if r.kind == "digest"]
    assert sorted((a.channel, a.is_dm) for a in personal) == [("D-U1", True), ("D-U2", True)]
    clock.advance(days=1)
    tick(nudge_pass)
    clock.now = MONDAY_9 + timedelta(days=7)
    ana.say("digest channel off")
    tick(nudge_pass)
    assert len([r for _, r in recorder.posts if r.kind == "team_digest"]) == 1


def test_console_team_digest_goes_to_a_named_outbox(core, clock, ana):
    ana.say("-2 Bob Stone: missed the Q3 report deadline")
    assert ana.say("digest channel sales!").is_error
    assert ana.say("digest weekly").is_error
    assert "#sales" in ana.say("digest channel #Sales").text
    reachable(ana)
    inbox = Inbox()
    clock.now = MONDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    assert [r.kind for r in inbox.of("#sales")] == ["team_digest"]
    assert "Bob Stone" in inbox.of("#sales")[0].text
    assert inbox.of("ana", "team_digest") == []


def test_teams_team_digest_names_a_team_the_app_was_added_to(core):
    teams = WorkspaceRef("teams", "tenant-1")
    megan = Rep(core, "megan", workspace=teams)
    refused = megan.say("digest channel Sales")
    assert refused.is_error and "Add to a team" in refused.text
    assert megan.say("digest channel").text.startswith("Team digest channel: not set")


def test_without_an_addressing_port_the_channel_is_refused_clearly(session_factory, clock):
    from handlers.core import Core

    bare = Rep(Core(session_factory, clock=clock), "ana", workspace=SLACK)
    reply = bare.say("digest channel <#C0SALES1|sales>")
    assert reply.is_error and "cannot be set from here" in reply.text
