"""DMs and mentions over HTTP: signed, committed before the 200, answered in place."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ConversationAddress, User
from tests.adapters.slack_harness import fixture, text_of

NOTE = "+2 Jane Doe (Acme): delivered the migration two days early"


def test_a_dm_note_is_saved_before_the_200_and_answered_in_the_dm(slack):
    answer = slack.event(slack.dm(NOTE))

    assert answer.status == 200
    # The response has arrived: the entry must already be committed.
    entries = slack.entries()
    assert [(e.amount, e.note, e.source_id) for e in entries] == [
        (2, "delivered the migration two days early", "Ev0PV52K21")
    ]
    posted = slack.fake.wait_for("chat.postMessage")[0].args
    assert posted["channel"] == "D024BE91L"
    assert "Credit +2 → Jane Doe (Acme)" in text_of(posted["blocks"])
    assert posted["text"].startswith("Credit +2")


def test_replies_share_one_kept_alive_connection_to_the_web_api(slack):
    for n in range(3):
        assert slack.event(slack.dm(f"+1 Jane Doe: call {n}", event_id=f"EvKeep{n}")).status == 200
    posted = slack.fake.wait_for("chat.postMessage", 3)
    assert len({call.peer for call in posted}) == 1


def test_a_redelivered_event_records_one_entry(slack):
    payload = slack.dm(NOTE)
    answers = [slack.event(payload), slack.event(payload, retry=1), slack.event(payload, retry=2)]

    assert [a.status for a in answers] == [200, 200, 200]
    assert len(slack.entries()) == 1
    replies = slack.fake.wait_for("chat.postMessage", 3)
    assert "Already recorded" in text_of(replies[-1].args["blocks"])


def test_a_wrong_signature_is_refused_and_changes_nothing(slack):
    answer = slack.event(slack.dm(NOTE), secret="not-the-signing-secret")

    assert answer.status == 401
    assert slack.entries() == []
    assert slack.fake.calls == []


def test_a_stale_timestamp_is_refused(slack):
    import time

    answer = slack.event(slack.dm(NOTE), timestamp=int(time.time()) - 6 * 60)

    assert answer.status == 401
    assert slack.entries() == []


def test_edits_bot_messages_and_other_subtypes_are_ignored(slack):
    edited = slack.dm(NOTE, event_id="Ev1", subtype="message_changed")
    from_bot = slack.dm(NOTE, event_id="Ev2", bot_id="BBOT")
    joined = slack.dm(NOTE, event_id="Ev3", subtype="channel_join")

    assert [slack.event(p).status for p in (edited, from_bot, joined)] == [200, 200, 200]
    assert slack.entries() == []
    assert slack.fake.of("chat.postMessage") == []


def test_the_rep_timezone_and_dm_channel_are_stored(slack):
    slack.fake.zones["U2147483697"] = "America/Chicago"
    slack.event(slack.dm(NOTE))
    slack.event(slack.dm("balance", event_id="Ev-2"))

    with slack.app.session_factory() as session:
        rep = session.scalars(select(User)).one()
        address = session.scalars(select(ConversationAddress)).one()
    assert rep.timezone == "America/Chicago"
    assert address.platform == "slack"
    assert address.address == {
        "team_id": "T123ABC456",
        "user_id": "U2147483697",
        "channel_id": "D024BE91L",
    }
    assert len(slack.fake.of("users.info")) == 1  # cached after the first note


def test_a_mention_in_a_channel_is_answered_in_its_thread(slack):
    payload = fixture("event_app_mention.json")
    payload["event"]["text"] = "<@U0LAN0Z89> -1 Jane Doe: missed the Q3 report deadline"

    assert slack.event(payload).status == 200

    assert [e.amount for e in slack.entries()] == [-1]
    posted = slack.fake.wait_for("chat.postMessage")[0].args
    assert (posted["channel"], posted["thread_ts"]) == ("C123ABC456", "1515449522.000016")


def test_a_mention_inside_the_dm_is_answered_once_through_message_im(slack):
    payload = fixture("event_app_mention.json")
    payload["event"].update(channel="D024BE91L", text="<@U0LAN0Z89> +1 Jane Doe: quick call")

    assert slack.event(payload).status == 200
    assert slack.entries() == []


def test_simultaneous_redeliveries_record_one_entry(slack):
    from concurrent.futures import ThreadPoolExecutor

    payload = slack.dm(NOTE)
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda retry: slack.event(payload, retry=retry), [None, 1, 2]))

    assert [a.status for a in answers] == [200, 200, 200]
    assert len(slack.entries()) == 1
