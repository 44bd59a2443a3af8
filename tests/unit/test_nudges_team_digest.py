"""`digest` and the weekly team digest to a Slack channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from handlers.messages import Reply, WorkspaceRef
from tests.conftest import Rep
from tests.unit.nudging import make_pass, tick

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SLACK = WorkspaceRef("slack", "T0001")


@dataclass
class ChannelRecorder:
    """A sender for the "slack" platform that keeps what it was asked to post, and where."""

    platform: str = "slack"
    posts: list[tuple[str, dict, Reply]] = field(default_factory=list)

    async def send(self, workspace: WorkspaceRef, user: str, address: dict, reply: Reply) -> None:
        self.posts.append((user, address, reply))


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
    assert ana.say("digest channel #sales").is_error
    reply = ana.say("digest channel <#C0SALES1|sales>")
    assert "#sales" in reply.text
    assert "#sales" in ana.say("digest channel").text
    for rep in (ana, ben):
        core.remember_address(SLACK, rep.ref, "slack", {"channel": f"D-{rep.name}"})
    recorder = ChannelRecorder()
    nudge_pass = make_pass(core, recorder)
    clock.now = MONDAY_9
    tick(nudge_pass)
    team = [(a, r) for _, a, r in recorder.posts if r.kind == "team_digest"]
    assert len(team) == 1
    address, digest = team[0]
    assert address == {"channel": "C0SALES1"}
    assert "Bob Stone" in digest.text and "Cara Diaz" in digest.text
    assert "Jane Doe" not in digest.text
    personal = [a for _, a, r in recorder.posts if r.kind == "digest"]
    assert sorted(a["channel"] for a in personal) == ["D-U1", "D-U2"]
    clock.advance(days=1)
    tick(nudge_pass)
    clock.now = MONDAY_9 + timedelta(days=7)
    ana.say("digest channel off")
    tick(nudge_pass)
    assert len([r for _, _, r in recorder.posts if r.kind == "team_digest"]) == 1


def test_team_digest_channel_is_slack_only(ana):
    assert ana.say("digest channel C0SALES1").is_error
    assert ana.say("digest weekly").is_error
