"""Messages the bot starts reach the rep's stored DM, or fail with a DeliveryError."""

from __future__ import annotations

import pytest

from bot.slack.config import slack_config
from bot.slack.sender import SlackSender
from handlers.messages import Button, Reply, WorkspaceRef
from handlers.ports import DeliveryError
from tests.adapters.conftest import slack_settings
from tests.adapters.slack_harness import text_of

TEAM = WorkspaceRef("slack", "T123ABC456")
ADDRESS = {"team_id": "T123ABC456", "user_id": "U1", "channel_id": "D024BE91L"}
NUDGE = Reply(
    text="What does Jane Doe want her next job to be?",
    buttons=(Button("Answer", "form.fact", "1"),),
)


@pytest.fixture
def sender(tmp_path, fake_slack):
    return SlackSender(slack_config(slack_settings(tmp_path, "sqlite://", fake_slack)))


def test_a_nudge_goes_to_the_stored_dm_with_its_buttons(sender, fake_slack, loop_thread):
    loop_thread.run(sender.send(TEAM, "U1", ADDRESS, NUDGE))

    posted = fake_slack.of("chat.postMessage")[0]
    assert posted.args["channel"] == "D024BE91L"
    assert posted.headers["Authorization"] == "Bearer xoxb-test-token"
    assert "next job" in text_of(posted.args["blocks"])


def test_a_refused_nudge_raises_delivery_error_with_the_wait(sender, fake_slack, loop_thread):
    fake_slack.fail("chat.postMessage", 429, times=3, retry_after=0)

    with pytest.raises(DeliveryError) as failure:
        loop_thread.run(sender.send(TEAM, "U1", ADDRESS, NUDGE))

    assert failure.value.retry_after == 0
    assert len(fake_slack.of("chat.postMessage")) == 3  # the first try and two retries
