"""`chart` posts a PNG with files_upload_v2 where it is private or shared on purpose."""

from __future__ import annotations

from tests.adapters.slack_harness import text_of

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _log_two_notes(slack) -> None:
    slack.event(slack.dm("+2 Jane Doe (Acme): delivered early", event_id="Ev-1"))
    slack.event(slack.dm("-1 Jane Doe: late with the pricing sheet", event_id="Ev-2"))


def test_chart_in_the_dm_uploads_the_picture_there(slack):
    _log_two_notes(slack)

    slack.event(slack.dm("chart Jane Doe", event_id="Ev-3"))

    uploaded = slack.fake.wait_for("upload")[0].args["data"]
    assert uploaded.startswith(PNG_SIGNATURE)
    asked = slack.fake.of("files.getUploadURLExternal")[0].args
    assert asked["filename"] == "balance-jane-doe.png"
    assert int(asked["length"]) == len(uploaded)
    done = slack.fake.wait_for("files.completeUploadExternal")[0].args
    assert done["channel_id"] == "D024BE91L"
    assert done["initial_comment"] == "Jane Doe (Acme): balance 1 over 2 entries"


def test_slash_chart_in_a_channel_stays_private_unless_shared(slack):
    slack.command("log +2 Jane Doe: delivered early", team="T123ABC456", user="U2147483697")

    private = slack.command(
        "chart Jane Doe", team="T123ABC456", user="U2147483697", channel="C123"
    ).json()
    shared = slack.command(
        "chart Jane Doe --share", team="T123ABC456", user="U2147483697", channel="C123"
    )

    assert private["response_type"] == "ephemeral"
    assert "add --share" in text_of(private["blocks"])
    assert shared.body == b""
    done = slack.fake.wait_for("files.completeUploadExternal")
    assert [c.args["channel_id"] for c in done] == ["C123"]


def test_a_refused_upload_is_explained_privately(slack):
    slack.command("log +2 Jane Doe: delivered early", team="T123ABC456", user="U2147483697")
    slack.fake.fail("files.completeUploadExternal", 200)  # {"ok": false}, like not_in_channel

    slack.command("chart Jane Doe --share", team="T123ABC456", user="U2147483697", channel="C123")

    explained = slack.fake.wait_for("response_url")[0].args
    assert explained["response_type"] == "ephemeral"
    assert "would not let me post the picture" in explained["text"]
