"""The account over Slack: `/relcap account Acme` as blocks valid for slack-sdk's models,
its buttons, the coverage map uploaded, and App Home listing the rep's accounts."""

from __future__ import annotations

from tests.adapters.slack_harness import button, text_of
from tests.adapters.slack_models import assert_valid_blocks, assert_valid_view

TEAM, USER, DM = "T123ABC456", "U2147483697", "D024BE91L"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _acme(slack) -> None:
    slack.event(slack.dm("+5 Marcus Chen (Acme): unblocked the rollout", event_id="Ev-1"))
    slack.event(slack.dm("+3 Ivy Lee (Acme): good kickoff", event_id="Ev-2"))
    slack.event(slack.dm("-3 Bob Roe (Initech): missed the renewal", event_id="Ev-3"))
    slack.command("account Acme needs CFO, finance", team=TEAM, user=USER)


def test_account_renders_as_valid_blocks_and_its_buttons_work(slack):
    _acme(slack)

    answer = slack.command("account Acme", team=TEAM, user=USER).json()

    assert_valid_blocks(answer["blocks"])
    text = text_of(answer["blocks"])
    assert "Acme: account health " in text
    assert "◌ CFO · not met yet" in text
    assert "Ask Marcus Chen (balance 5) to introduce you to CFO (Finance)" in text
    container = {"type": "message", "channel_id": DM, "message_ts": "1700000000.000100"}
    slack.press(button(answer["blocks"], "Track as promise"), container, team=TEAM, user=USER)
    posted = slack.fake.wait_for("response_url")[-1].args
    assert "introduction to Finance at Acme" in text_of(posted["blocks"])
    slack.press(button(answer["blocks"], "Coverage map"), container, team=TEAM, user=USER)
    uploaded = slack.fake.wait_for("upload")[0].args["data"]
    assert uploaded.startswith(PNG_SIGNATURE)
    assert slack.fake.of("files.getUploadURLExternal")[0].args["filename"] == "account-acme.png"


def test_chart_account_in_the_dm_uploads_the_map(slack):
    _acme(slack)

    slack.event(slack.dm("chart account Acme", event_id="Ev-9"))

    assert slack.fake.wait_for("upload")[0].args["data"].startswith(PNG_SIGNATURE)
    done = slack.fake.wait_for("files.completeUploadExternal")[0].args
    assert done["initial_comment"] == "Acme: coverage map of 2 contacts"


def test_app_home_lists_accounts_with_coverage_single_threaded_first(slack):
    _acme(slack)
    payload = slack.dm("", event_id="Ev-home")
    payload["event"] = {"type": "app_home_opened", "user": USER, "channel": DM,
                        "tab": "home", "event_ts": "1515449522000016"}  # fmt: skip

    assert slack.event(payload).status == 200

    view = slack.fake.wait_for("views.publish")[0].args["view"]
    assert_valid_view(view)
    text = text_of(view["blocks"])
    assert text.index("⚠ 🔴 Initech") < text.index("Acme")
    assert "not known in Executive, Finance, Operations, IT, Procurement" in text
    labels = [
        e["text"]["text"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert labels[0] == "Initech"  # the most at-risk account, one click away


def test_a_big_account_stays_within_block_kit_limits(ana):
    from bot.slack.blocks import message_blocks

    functions = ("executive", "finance", "operations", "it", "procurement", "sales")
    for n in range(60):  # added first: names this close would otherwise be asked about
        assert not ana.say(f"contact add Person {n:02d} (Acme)").is_error
        ana.say(f"+{1 + n % 4} Person {n:02d}: call")
        ana.say(f"contact role Person {n:02d}: {'Director' if n % 7 else 'VP'} {n}, "
                f"{functions[n % len(functions)]}")  # fmt: skip

    reply = ana.say("account Acme")

    blocks = message_blocks(reply)
    assert_valid_blocks(blocks)
    assert len(blocks) <= 50
    text = text_of(blocks)
    assert "…and 2 more (`contacts Acme`)" in text  # ten per function, eight listed
